// The terminal's screen switches, shared by the Ink views (hooks/use-alternate-screen.ts) and the
// plain runner's pager (tty-pager.ts), which must not load React to say them.

/** Save the cursor, switch to the alternate screen (cleared), cursor home. */
export const ENTER_ALTERNATE_SCREEN = "\x1b[?1049h\x1b[H";
/** Back to the normal screen and the cursor saved on entering. */
export const LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l";
/** Erase the whole screen, cursor home: a resize redraws from a clean screen. */
export const WIPE_SCREEN = "\x1b[2J\x1b[H";
