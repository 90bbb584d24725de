// Where the user's answer stands (AnswerView.phase, the background's one state machine): the
// same words in the popup's facts, its "what was sent" list and the event page, so an answer that
// waits for consent or failed never reads as sent.
import type { AnswerPhase, AnswerView } from '../shared/protocol.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';

const TONE: Record<AnswerPhase, string> = {
  drafted: 'info',
  'waiting-consent': 'warn',
  queued: 'warn',
  sending: 'info',
  sent: 'ok',
  failed: 'danger',
  discarded: 'muted',
  recorded: 'info',
};

export function phaseText(phase: AnswerPhase): string {
  return t(`bar_phase_${phase.replace('-', '_')}`);
}

export function phaseBadge(phase: AnswerPhase): HTMLElement {
  return h('span', { class: `badge ${TONE[phase]} phase`, 'data-phase': phase }, phaseText(phase));
}

/** The phase beside the user's answer, or nothing when no answer was given from here or Sent. */
export function answerPhaseBadge(answer: AnswerView | null): HTMLElement | null {
  return answer ? phaseBadge(answer.phase) : null;
}
