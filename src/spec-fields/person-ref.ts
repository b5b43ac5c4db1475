/** A Slack user ID as specs write it (`U012ABCDEF`, or `W…` on Enterprise Grid). */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** A user-group handle as specs write it (`@sales-leads`). */
export const GROUP_HANDLE = /^@[A-Za-z0-9._-]+$/;

/** True when `ref` names one person or a user group the way specs and fact headers do. */
export function isPersonRef(ref: string): boolean {
  return USER_ID.test(ref) || GROUP_HANDLE.test(ref);
}
