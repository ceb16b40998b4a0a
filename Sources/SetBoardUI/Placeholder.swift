/// Placeholder so the module builds; replaced by the UI work.
public enum SetBoardUIPlaceholder {}
