// Subjects and summary lines of outgoing mail. English by default; the add-on passes its own
// translations (messenger.i18n) through EngineOptions, so the core stays free of any UI API.

export interface Strings {
  accepted: string;
  tentative: string;
  declined: string;
  delegated: string;
  counter: string;
  declineCounter: string;
  refresh: string;
  invitation: string;
  updated: string;
  cancelled: string;
  freebusyRequest: string;
  freebusyReply: string;
  untitled: string;
  /** Plain-text body lines; $1 is a summary, $2 a person. */
  bodyAccepted: string;
  bodyTentative: string;
  bodyDeclined: string;
  bodyDelegated: string;
  bodyRequest: string;
  bodyCancel: string;
  bodyCounter: string;
  bodyDeclineCounter: string;
  bodyRefresh: string;
  bodyFreebusy: string;
  comment: string;
  /** $1 is the proposed period, written in the user's zone and language. */
  proposedTime: string;
}

export const ENGLISH: Strings = {
  accepted: 'Accepted: $1',
  tentative: 'Tentative: $1',
  declined: 'Declined: $1',
  delegated: 'Delegated: $1',
  counter: 'Counter-proposal: $1',
  declineCounter: 'Counter-proposal declined: $1',
  refresh: 'Refresh requested: $1',
  invitation: 'Invitation: $1',
  updated: 'Updated invitation: $1',
  cancelled: 'Cancelled: $1',
  freebusyRequest: 'Free/busy request',
  freebusyReply: 'Free/busy information',
  untitled: '(untitled event)',
  bodyAccepted: '$2 has accepted "$1".',
  bodyTentative: '$2 has tentatively accepted "$1".',
  bodyDeclined: '$2 has declined "$1".',
  bodyDelegated: '$2 has delegated "$1".',
  bodyRequest: '$2 invites you to "$1".',
  bodyCancel: '$2 has cancelled "$1".',
  bodyCounter: '$2 proposes another time for "$1".',
  bodyDeclineCounter: '$2 has declined the proposed time for "$1".',
  bodyRefresh: '$2 asks for the current version of "$1".',
  bodyFreebusy: 'Free/busy information of $2.',
  comment: 'Comment: $1',
  proposedTime: 'Proposed time: $1',
};

export function fill(template: string, ...args: string[]): string {
  return template.replace(/\$([12])/g, (_, n: string) => args[Number(n) - 1] ?? '');
}
