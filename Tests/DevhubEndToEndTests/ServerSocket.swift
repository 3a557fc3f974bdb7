import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP connection to `127.0.0.1`, for exchanges curl cannot stage: a request whose body is sent in
/// two parts with something (a SIGTERM) happening in between.
final class ServerSocket {
    private let fd: Int32

    /// Connects to `port`; reads give up after `timeoutSeconds` without data. Nil when nothing accepts.
    init?(port: Int, timeoutSeconds: Int = 10) {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Whether something accepts TCP connections on `127.0.0.1:port` right now.
    static func isListening(port: Int) -> Bool {
        ServerSocket(port: port, timeoutSeconds: 1) != nil
    }

    /// Writes all of `text`; false when the connection refused it.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { buffer in
                #if os(Linux)
                Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
                #else
                Darwin.send(fd, buffer.baseAddress, buffer.count, 0)
                #endif
            }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// Reads until the peer closes the connection or the read timeout passes, and parses the HTTP response.
    func readResponse() -> ServerResponse {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return ServerHTTP.parse(String(decoding: data, as: UTF8.self))
    }
}
