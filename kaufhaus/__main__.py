from kaufhaus.cli import main

raise SystemExit(main())
