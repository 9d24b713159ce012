enum PlaceholderSpawners {}
