"""Jobs: thin orchestration the CLI and the scheduler call; each runs stages over the App's ports."""
