import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with `100 Continue` as soon as the request's head arrives (RFC 9110, 10.1.1), so a
/// client holding back a large body (curl does past 1 MiB: a vCard or CSV upload) sends it at once instead of after
/// its own timeout (curl's is one second). The final answer follows as usual; one that refuses the request (401, 413)
/// still comes after the body. Sits in the HTTP/1 pipeline after the codec (``buildApplication(_:)``).
///
/// A pipelined request whose predecessor is still being answered gets no early 100 (it would land inside the other
/// answer's place in line): its client sends the body after its timeout, as before.
final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests whose head arrived and whose final answer has not ended yet.
    private var unanswered = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            if unanswered == 0, Self.expectsContinue(head) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            }
            unanswered += 1
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    /// Whether `head` asks for `100 Continue` (the expectation's token is case-insensitive).
    static func expectsContinue(_ head: HTTPRequest) -> Bool {
        head.headerFields[.expect].map { $0.lowercased() == "100-continue" } ?? false
    }
}
