enum PlaceholderHub {}
