import DevhubSite
import Foundation
import HTTPTypes
import Hummingbird
import Logging

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}

/// The first stop of every request. Decodes the path once and checks it (``SitePath``), finds what the `Host`
/// reaches (``HostRouting``), and then serves the generated site as a CDN would — custom domains from
/// `domains/DOMAIN/`, the site's cache and security headers, `404.html` for what is missing, nothing hidden — or,
/// on the app's host only, hands the request to the private routes.
struct StaticSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let outputDirectory: String
    /// `scheme://host[:port]` of the public base URL, where the stylesheet the app's pages use lives.
    let baseOrigin: String
    /// `scheme://host[:port]` of the app URL, where Quick Connect forms post.
    let appOrigin: String
    /// What each `Host` reaches.
    let routing: HostRouting
    /// Reads files of the output folder (ETags, ranges, `Last-Modified`); only ever given a ``SitePath``.
    let files: FileMiddleware<Context, LocalFileSystem>

    init(outputDirectory: String, baseOrigin: String, appOrigin: String, routing: HostRouting, logger: Logger) {
        self.outputDirectory = outputDirectory
        self.baseOrigin = baseOrigin
        self.appOrigin = appOrigin
        self.routing = routing
        files = FileMiddleware(outputDirectory, searchForIndexHtml: true, logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = SitePath(request.uri.path) else {
            // A path refused before any lookup (a control character, `..`) is still answered in the API's shape under /api/.
            let raw = request.uri.path
            return try notFound(apiPath: raw.hasPrefix("/api/") && !raw.hasPrefix("/api/profiles/"))
        }
        let role = routing.role(of: request.head.authority)
        let privatePath = PrivatePaths.isPrivate(path)
        // `/healthz` and `/metrics` answer on every host (`/metrics` checks its client itself).
        if path.decoded == "/healthz" || path.decoded == "/metrics" || (role == .app && privatePath) {
            return try await route(request, context: context, path: path, next: next)
        }
        let root: String? = switch role {
        case .app, .site: ""
        case .customDomain(let domain): "/domains/\(domain)"
        case .unknown: nil
        }
        if let root, !privatePath, request.method == .get || request.method == .head,
           var response = try await file(root + path.encoded, request: request, context: context)
        {
            if response.status == .movedPermanently || response.status == .permanentRedirect {
                response.headers[.location] = path.encoded + "/"  // a folder asked for without its slash
            }
            addHeaders(to: &response.headers, path: path, method: request.method)
            return response
        }
        if role == .app { return try await route(request, context: context, path: path, next: next) }
        return try notFound(apiPath: path.isUnder("/api"))
    }

    /// The file at `encodedPath` (decoded once by the file server into the checked path), or nil when there is none.
    private func file(_ encodedPath: String, request: Request, context: Context) async throws -> Response? {
        var head = request.head
        head.path = encodedPath
        do {
            return try await files.handle(Request(head: head, body: request.body), context: context) { _, _ in throw HTTPError(.notFound) }
        } catch let error as HTTPError where error.status == .notFound {
            return nil
        }
    }

    /// Hands the request to the routes; a 404 outside the private paths is the site's `404.html`.
    private func route(_ request: Request, context: Context, path: SitePath, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            addHeaders(to: &response.headers, path: path, method: request.method)
            return response
        } catch let error as HTTPError where error.status == .notFound && !PrivatePaths.isPrivate(path) {
            return try notFound(apiPath: false)
        } catch let error as HTTPResponseError {
            var response = try error.response(from: request, context: context)
            addHeaders(to: &response.headers, path: path, method: request.method)
            return response
        }
    }

    /// 404: the API's error shape for paths under `/api/`, the site's `404.html` otherwise.
    private func notFound(apiPath: Bool) throws -> Response {
        var headers = HTTPFields()
        if apiPath {
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "no-store"
            let body = #"{"error":{"code":"not_found","details":[],"message":"Not found."}}"#
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        headers[.contentType] = "text/html; charset=utf-8"
        addHeaders(to: &headers, path: nil, method: .get)
        let body = FileManager.default.contents(atPath: "\(outputDirectory)/404.html") ?? Data("Not found\n".utf8)
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The generated `_headers` file's policy for the site; private answers (and answers to posts) are never stored.
    private func addHeaders(to headers: inout HTTPFields, path: SitePath?, method: HTTPRequest.Method) {
        headers[.contentSecurityPolicy] = headers[.contentSecurityPolicy] ?? SiteFiles.contentSecurityPolicy(baseOrigin: baseOrigin, appOrigin: appOrigin)
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = headers[.referrerPolicy] ?? "strict-origin-when-cross-origin"
        headers[.xFrameOptions] = "DENY"
        if let path, PrivatePaths.isPrivate(path) || (method != .get && method != .head) {
            headers[.cacheControl] = "no-store"
        } else {
            headers[.cacheControl] = path?.isUnder("/assets") == true ? SiteFiles.assetCacheControl : SiteFiles.pageCacheControl
        }
    }
}

/// Paths the server answers itself (private, never cached) rather than from the output directory. The profiles'
/// JSON files under `/api/profiles/` are part of the site.
enum PrivatePaths {
    static let prefixes = ["/api", "/app", "/verify-email", "/hooks", "/healthz", "/metrics"]

    /// Whether `path` is one of the server's own.
    static func isPrivate(_ path: SitePath) -> Bool {
        prefixes.contains { path.isUnder($0) } && !path.isUnder("/api/profiles")
    }
}
