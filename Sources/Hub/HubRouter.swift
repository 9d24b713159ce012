import HTTPTypes
import Hummingbird

/// Builds the hub's router: middleware, then the REST API, the OAuth provider and the pages.
public enum HubRouter {
    public static func build(hub: Hub) -> Router<HubRequestContext> {
        let router = Router(context: HubRequestContext.self)
        router.add(middleware: ResponseHeadersMiddleware(jupyterhubVersion: hub.configuration.jupyterhubVersion))
        router.add(middleware: AuthenticationMiddleware(hub: hub))
        OAuthProvider(hub: hub).addRoutes(to: router)
        HubAPI(hub: hub).addRoutes(to: router)
        PagesController(hub: hub).addRoutes(to: router)
        return router
    }
}
