/// Placeholder so the module builds; replaced by the terminal work.
import CNcurses
public enum SetBoardTerminalPlaceholder {}
