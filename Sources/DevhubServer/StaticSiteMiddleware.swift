import DevhubSite
import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}

/// Serves the generated site as a CDN would: custom domains from `domains/DOMAIN/` by `Host`,
/// the site's cache and security headers, `404.html` for what is missing, and nothing hidden
/// (dot-files such as the staging folder and the build lock are never served).
struct StaticSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let outputDirectory: String
    /// `scheme://host[:port]` of the public base URL, where the stylesheet the app's pages use lives.
    let baseOrigin: String
    /// `scheme://host[:port]` of the app URL, where Quick Connect forms post.
    let appOrigin: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            return try notFound()
        }
        var routed = request
        if !PrivatePaths.prefixes.contains(where: { path.hasPrefix($0) }), let domain = customDomain(of: request) {
            var head = request.head
            head.path = "/domains/\(domain)" + (head.path ?? "/")
            routed = Request(head: head, body: request.body)
        }
        do {
            var response = try await next(routed, context)
            addHeaders(to: &response.headers, path: path, method: request.method)
            return response
        } catch let error as HTTPError where error.status == .notFound && !PrivatePaths.prefixes.contains(where: { path.hasPrefix($0) }) {
            return try notFound()
        } catch let error as HTTPResponseError {
            var response = try error.response(from: request, context: context)
            addHeaders(to: &response.headers, path: path, method: request.method)
            return response
        }
    }

    /// The request's host when it is a custom domain that has a folder in the output.
    private func customDomain(of request: Request) -> String? {
        guard let authority = request.head.authority else { return nil }
        let host = authority.split(separator: ":").first.map { $0.lowercased() } ?? ""
        guard host.contains("."), !host.allSatisfy({ $0.isNumber || $0 == "." }),
              host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
        else { return nil }
        var isDirectory: ObjCBool = false
        let folder = "\(outputDirectory)/domains/\(host)"
        return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue ? host : nil
    }

    private func notFound() throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        addHeaders(to: &headers, path: "/404.html", method: .get)
        let body = FileManager.default.contents(atPath: "\(outputDirectory)/404.html") ?? Data("Not found\n".utf8)
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The generated `_headers` file's policy for the site; private answers (and answers to posts) are never stored.
    private func addHeaders(to headers: inout HTTPFields, path: String, method: HTTPRequest.Method) {
        headers[.contentSecurityPolicy] = headers[.contentSecurityPolicy] ?? SiteFiles.contentSecurityPolicy(baseOrigin: baseOrigin, appOrigin: appOrigin)
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = headers[.referrerPolicy] ?? "strict-origin-when-cross-origin"
        headers[.xFrameOptions] = "DENY"
        if PrivatePaths.prefixes.contains(where: { path.hasPrefix($0) }) || (method != .get && method != .head) {
            headers[.cacheControl] = "no-store"
        } else {
            headers[.cacheControl] = path.hasPrefix("/assets/") ? SiteFiles.assetCacheControl : SiteFiles.pageCacheControl
        }
    }
}

/// Paths the server answers itself (private, never cached) rather than from the output directory.
enum PrivatePaths {
    static let prefixes = ["/api/", "/app/", "/verify-email", "/hooks/", "/healthz"]
}
