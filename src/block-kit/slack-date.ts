/**
 * A date in Slack's date formatting, shown in each reader's time zone:
 * `<!date^1714550400^{date_short_pretty} at {time}|2024-05-01 08:00 UTC>` ("today at 10:00").
 * The part after `|` is the fallback for clients that cannot format it.
 */
export function slackDate(at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{date_short_pretty} at {time}|${fallback}>`;
}
