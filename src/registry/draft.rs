//! Registry drafts from analysed articles (`bientap kb build`).
