import CArgon2
import DevhubCore
import Foundation
import NIOPosix

/// Argon2id password hashing (libargon2), off the event loop and at most `maxConcurrent` at a time,
/// so a burst of log-ins cannot take every thread or all the memory (each hash uses `memoryKiB`).
public actor PasswordHasher {
    /// Argon2id cost parameters; the defaults are OWASP's minimum: m=19456 KiB, t=2, p=1.
    public struct Cost: Sendable {
        public var iterations: UInt32 = 2
        public var memoryKiB: UInt32 = 19_456
        public var parallelism: UInt32 = 1

        public init(iterations: UInt32 = 2, memoryKiB: UInt32 = 19_456, parallelism: UInt32 = 1) {
            self.iterations = iterations
            self.memoryKiB = memoryKiB
            self.parallelism = parallelism
        }
    }

    private let cost: Cost
    private let maxConcurrent: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A hasher with `cost`, running at most `maxConcurrent` hashes at once.
    public init(cost: Cost = Cost(), maxConcurrent: Int = 2) {
        self.cost = cost
        self.maxConcurrent = max(1, maxConcurrent)
    }

    /// The standard encoded string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of `password`.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await limited {
            try await NIOThreadPool.singleton.runIfActive { try Self.encode(password, cost: cost) }
        }
    }

    /// Whether `password` matches `encoded`; false for any malformed hash.
    public func verify(_ password: String, against encoded: String) async -> Bool {
        (try? await limited {
            try await NIOThreadPool.singleton.runIfActive {
                argon2id_verify(encoded, password, password.utf8.count) == ARGON2_OK.rawValue
            }
        }) ?? false
    }

    private func limited<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if running >= maxConcurrent {
            await withCheckedContinuation { waiting.append($0) }
        }
        running += 1
        defer {
            running -= 1
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await body()
    }

    private static func encode(_ password: String, cost: Cost) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let length = argon2_encodedlen(cost.iterations, cost.memoryKiB, cost.parallelism, UInt32(salt.count), 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let status = argon2id_hash_encoded(
            cost.iterations, cost.memoryKiB, cost.parallelism, password, password.utf8.count, salt, salt.count, 32, &encoded, length)
        guard status == ARGON2_OK.rawValue else {
            throw CoreError(field: "password", "could not be hashed (argon2 error \(status))")
        }
        return String(cString: encoded)
    }
}
