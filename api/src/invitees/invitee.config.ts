/** Days after a round closes before its invitees' addresses are deleted, unless VERDI_INVITEE_GRACE_DAYS says. */
export const DEFAULT_INVITEE_GRACE_DAYS = 30;
