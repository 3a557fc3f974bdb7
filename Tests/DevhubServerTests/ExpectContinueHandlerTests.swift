@testable import DevhubServer
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

/// `Expect: 100-continue` answered with `100 Continue` the moment the head arrives, on a real NIO channel pipeline
/// (NIO's in-memory channel), the request itself passed on unchanged.
@Suite("Expect: 100-continue")
struct ExpectContinueHandlerTests {
    static func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ExpectContinueHandler())
        return channel
    }

    static func head(expect: String?) -> HTTPRequest {
        var request = HTTPRequest(method: .post, scheme: nil, authority: "127.0.0.1", path: "/api/import/vcard")
        if let expect { request.headerFields[.expect] = expect }
        return request
    }

    @Test("a head expecting 100-continue (any case) gets 100 Continue at once; the head and body go on to the server",
          arguments: ["100-continue", "100-Continue"])
    func answersContinue(_ expect: String) throws {
        let channel = try Self.channel()
        try channel.writeInbound(HTTPRequestPart.head(Self.head(expect: expect)))
        let answer = try #require(try channel.readOutbound(as: HTTPResponsePart.self))
        guard case .head(let response) = answer else {
            Issue.record("expected a response head, got \(answer)")
            return
        }
        #expect(response.status == .continue)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil, "only the 100 goes out before the final answer")
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == .head(Self.head(expect: expect)))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "BEGIN:VCARD")))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == .body(ByteBuffer(string: "BEGIN:VCARD")))
        #expect(try channel.finish().isClean)
    }

    @Test("a pipelined request whose predecessor is still being answered gets no early 100; once that answer ends, the next does")
    func waitsForTheAnswerBefore() throws {
        let channel = try Self.channel()
        try channel.writeInbound(HTTPRequestPart.head(Self.head(expect: nil)))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try channel.writeInbound(HTTPRequestPart.head(Self.head(expect: "100-continue")))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil, "a 100 inside the first answer's turn")
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .ok)))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .end(nil))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        try channel.writeInbound(HTTPRequestPart.head(Self.head(expect: "100-continue")))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .ok)))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .end(nil))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(HTTPResponse(status: .continue)))
        _ = try channel.finish()
    }

    @Test("a head without the expectation, or with another one, gets no interim answer", arguments: [nil, "something-else"])
    func staysQuiet(_ expect: String?) throws {
        let channel = try Self.channel()
        try channel.writeInbound(HTTPRequestPart.head(Self.head(expect: expect)))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == .head(Self.head(expect: expect)))
        #expect(try channel.finish().isClean)
    }
}
