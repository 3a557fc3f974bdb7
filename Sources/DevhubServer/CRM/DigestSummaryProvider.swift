import DevhubStore

/// The seam for an optional AI summary at the top of the daily digest. The ranking is computed first and stays
/// the source of truth; a provider may only add a paragraph. The one provider shipped sends nothing anywhere.
protocol DigestSummaryProvider: Sendable {
    /// A short paragraph summarising `report`, or nil for none.
    func summary(of report: DigestReport) async throws -> String?
}

/// No summary: nothing about the owner's contacts leaves the machine.
struct NoDigestSummary: DigestSummaryProvider {
    func summary(of report: DigestReport) async throws -> String? { nil }
}
