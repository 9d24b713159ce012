enum PlaceholderHubApp {}
