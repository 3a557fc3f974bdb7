/// A job failure that tells the worker when to try again: on the schedule, not at all (retrying cannot help: the
/// address is refused, the receiver answered 410), or not before a delay the other side asked for (`Retry-After`).
struct JobRetryAdvice: Error, CustomStringConvertible {
    /// When to run the job again.
    enum Advice: Equatable {
        /// On the retry schedule, as any failure.
        case schedule
        /// Never: the job is dead at once.
        case giveUp
        /// On the schedule, but not sooner than this (capped by the caller).
        case notBefore(milliseconds: Int64)
    }

    var advice: Advice
    /// What went wrong, without personal data (it goes to the log and the job table).
    var description: String

    init(_ advice: Advice, _ description: String) {
        self.advice = advice
        self.description = description
    }
}
