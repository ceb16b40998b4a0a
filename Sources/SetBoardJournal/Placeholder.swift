/// Placeholder so the module builds; replaced by the journal work.
import SetBoardCore
public enum SetBoardJournalPlaceholder {}
