/// The caps on a contact import (vCard or CSV). The parsers stop at them in one linear pass, and the server answers
/// 413 naming `file` (nothing is written); extra EMAIL and TEL values on a card are dropped and reported instead.
public struct ImportLimits: Sendable {
    /// Cards (vCard) or rows after the header (CSV) per import.
    public var maxContacts = 10_000
    /// Bytes of one vCard content line after unfolding; PHOTO, LOGO, SOUND and KEY lines over it are skipped.
    /// Large enough for the longest line our own export writes (a 10,000-character NOTE).
    public var maxLineBytes = 64 * 1024
    /// Properties on one vCard card.
    public var maxPropertiesPerCard = 500
    /// EMAIL values and TEL values kept per card; the rest are dropped and reported.
    public var maxValuesPerKind = 10
    /// Columns of a CSV row.
    public var maxColumns = 50
    /// Bytes of one CSV cell (large enough for a 10,000-character note).
    public var maxCellBytes = 64 * 1024

    /// The limits the server applies.
    public static let standard = ImportLimits()

    /// Limits as given; the defaults are ``standard``.
    public init(maxContacts: Int = 10_000, maxLineBytes: Int = 64 * 1024, maxPropertiesPerCard: Int = 500,
                maxValuesPerKind: Int = 10, maxColumns: Int = 50, maxCellBytes: Int = 64 * 1024) {
        self.maxContacts = maxContacts
        self.maxLineBytes = maxLineBytes
        self.maxPropertiesPerCard = maxPropertiesPerCard
        self.maxValuesPerKind = maxValuesPerKind
        self.maxColumns = maxColumns
        self.maxCellBytes = maxCellBytes
    }
}
