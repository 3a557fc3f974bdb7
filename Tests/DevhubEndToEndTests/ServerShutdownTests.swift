import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Graceful shutdown: on SIGTERM or SIGINT the server lets a request in flight finish, stops listening
/// and exits 0.
@Suite("Server: graceful shutdown", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerShutdownTests {
    @Test("an idle server exits 0 on the signal and closes its port", arguments: [SIGTERM, SIGINT])
    func idleShutdown(signal: Int32) async throws {
        let server = try await ServerProcess.start()
        try #require(ServerSocket.isListening(port: server.port), "the server is not listening")
        kill(server.process.processIdentifier, signal)
        let exited = await waitForExit(server)
        if !exited { _ = await server.stop() }
        try #require(exited, "the server was still running 15 s after signal \(signal); log:\n\(server.logTail())")
        #expect(server.process.terminationReason == .exit, "killed by the signal instead of exiting; log:\n\(server.logTail())")
        #expect(server.process.terminationStatus == 0, "exit status \(server.process.terminationStatus); log:\n\(server.logTail())")
        #expect(!ServerSocket.isListening(port: server.port), "port \(server.port) still accepts connections after exit")
    }

    @Test("SIGTERM during a request lets that request finish before the server exits 0")
    func inFlightRequestFinishes() async throws {
        let server = try await ServerProcess.start()
        let body = #"{"email":"in-flight@example.test","password":"not-a-real-passphrase-9"}"#
        let split = body.index(body.startIndex, offsetBy: body.count / 2)
        let connection = try #require(ServerSocket(port: server.port), "could not connect to port \(server.port)")
        let head = """
            POST /api/auth/login HTTP/1.1\r
            Host: 127.0.0.1:\(server.port)\r
            Content-Type: application/json\r
            Content-Length: \(body.utf8.count)\r
            Sec-Fetch-Site: same-origin\r
            Connection: close\r
            \r

            """
        // The request head and half its body are in; the server is now waiting for the rest.
        #expect(connection.send(head + body[..<split]), "could not send the request head")
        try await Task.sleep(for: .milliseconds(300))
        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(500))
        let stillRunning = server.process.isRunning
        connection.send(String(body[split...]))
        let response = connection.readResponse()

        #expect(stillRunning, "the server exited with a request half-received; log:\n\(server.logTail())")
        #expect(response.status == 401, "the request in flight did not get its answer (401 for unknown credentials): \(response)")
        let exited = await waitForExit(server)
        if !exited { _ = await server.stop() }
        #expect(exited, "the server was still running 15 s after SIGTERM; log:\n\(server.logTail())")
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0,
                "exit after SIGTERM: status \(server.process.terminationStatus); log:\n\(server.logTail())")
    }

    /// Waits (bounded, 15 s) for the process to exit by itself; returns whether it did.
    private func waitForExit(_ server: ServerProcess) async -> Bool {
        for _ in 0..<150 where server.process.isRunning {
            try? await Task.sleep(for: .milliseconds(100))
        }
        return !server.process.isRunning
    }
}
