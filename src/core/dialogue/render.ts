import type { Content } from '../../content/semantics.js';
import { nextStep, profileOf, questionFor, stepForSlot } from '../flow/engine.js';
import type { Presenter } from '../present.js';
import { type Advice, answersForValue, describeValue, recommend } from '../recommend/recommend.js';
import type { Choice, Profile, Reply, ReplyKind, Segment, Session } from '../types.js';
import type { Noted, Outcome } from './outcomes.js';
import { OTHER } from './policy.js';
import { fill, type ResponseId, type ResponseParams, type ResponseTexts } from './responses.js';

/** A reply together with the response ids it was made from: what tests assert. */
export interface Rendered {
  replies: Reply[];
}

/**
 * Rendering: outcomes in, replies out. All wording comes from data — flows/responses.yaml for
 * the dialogue, the flow for questions, the Presenter for recommendations — so changing what the
 * advisor says never means changing the policy.
 */
export class Renderer {
  private readonly texts: ResponseTexts;

  constructor(
    private readonly content: Content,
    private readonly presenter: Presenter,
    private readonly advice: Advice,
  ) {
    this.texts = content.responses;
  }

  /** A response's wording; `{controls}` is always the list of what the user can say at any time. */
  say(id: ResponseId, params?: ResponseParams): string {
    return fill(this.texts, id, { controls: fill(this.texts, 'controls-hint'), ...params });
  }

  render(outcomes: Outcome[], session: Session): Reply[] {
    const replies: Reply[] = [];
    let notes: string[] = [];
    let ids: string[] = [];
    const takeNotes = () => {
      const taken = { text: notes.join(' '), ids };
      notes = [];
      ids = [];
      return taken;
    };
    const emit = (reply: Reply, used: string[]) => {
      reply.responses = [...(reply.responses ?? []), ...used];
      replies.push(reply);
    };
    for (const outcome of outcomes) {
      switch (outcome.type) {
        case 'note':
          notes.push(this.say(outcome.id, outcome.params));
          ids.push(outcome.id);
          break;
        case 'noted':
          notes.push(this.say('noted', { items: this.describeNoted(outcome.items, session) }));
          ids.push('noted');
          break;
        case 'restated':
          notes.push(this.say('restated', { items: this.describeNoted(outcome.items, session) }));
          ids.push('restated');
          break;
        case 'updated':
          notes.push(
            this.say('updated', {
              changes: outcome.changes
                .map((change) => {
                  const profile = profileOf(this.content.flow, session.answers);
                  return `${this.label(change.slot)}: ${describeValue(this.content.flow, change.slot, change.from, profile)} → ${describeValue(this.content.flow, change.slot, change.to, profile)}`;
                })
                .join('; '),
            }),
          );
          ids.push('updated');
          break;
        case 'question': {
          const { text, ids: used } = takeNotes();
          emit(this.question(outcome, session, text), used);
          break;
        }
        case 'confirm': {
          const { text, ids: used } = takeNotes();
          emit(this.confirm(outcome, text), used);
          break;
        }
        case 'recommendation': {
          const { text, ids: used } = takeNotes();
          const lead = [this.changeLine(outcome), text].filter(Boolean).join(' ');
          const reply = this.presenter.recommendation(outcome.recommendation, lead || undefined);
          emit(reply, [...used, `recommendation.${outcome.change}`]);
          break;
        }
        case 'reply': {
          const { text, ids: used } = takeNotes();
          const reply = outcome.reply;
          if (text) {
            reply.body = [{ type: 'paragraph', text }, ...reply.body];
            reply.text = this.presenter.plain(reply.body, reply.choices);
          }
          emit(reply, used);
          break;
        }
        case 'status': {
          const { text, ids: used } = takeNotes();
          emit(this.status(session, text), [...used, 'status']);
          break;
        }
        case 'resume-offer': {
          const { text, ids: used } = takeNotes();
          emit(this.resumeOffer(session, text), [...used, 'resume.offer']);
          break;
        }
        case 'open': {
          const { text, ids: used } = takeNotes();
          const id = session.phase === 'advised' ? 'open.advised' : 'open.collecting';
          emit(this.reply('info', [text, this.say(id)]), [...used, id]);
          break;
        }
        case 'error': {
          const { text, ids: used } = takeNotes();
          emit(
            this.reply('error', [[text, this.say(outcome.id, outcome.params)].filter(Boolean).join(' ')]),
            [...used, outcome.id],
          );
          break;
        }
      }
    }
    if (notes.length > 0) {
      const { text, ids: used } = takeNotes();
      emit(this.reply('info', [text]), used);
    }
    return replies;
  }

  private question(outcome: Extract<Outcome, { type: 'question' }>, session: Session, notes: string): Reply {
    const { flow } = this.content;
    const step = stepForSlot(flow, outcome.slot);
    const profile = profileOf(flow, session.answers);
    const question = step ? questionFor(flow, step, profile) : undefined;
    const paragraphs: string[] = [notes];
    const used: string[] = [`ask.${outcome.slot}.${outcome.form}`];
    const wording = question?.text.trim() ?? outcome.slot;
    const rephrase = step?.rephrase?.trim() ?? wording;
    switch (outcome.form) {
      case 'ask':
        paragraphs.push(wording);
        if (flow.slots[outcome.slot]?.type === 'number') {
          paragraphs.push(this.say('size-hint'));
          used.push('size-hint');
        }
        break;
      case 'rephrase':
        paragraphs.push(
          outcome.quote
            ? this.say('repair.rephrase', { slot: this.label(outcome.slot), quote: outcome.quote, rephrase })
            : this.say('repair.rephrase.other', { rephrase }),
        );
        used.push(outcome.quote ? 'repair.rephrase' : 'repair.rephrase.other');
        break;
      case 'help':
        paragraphs.push(this.say('repair.help', { help: step?.help.trim() ?? wording }));
        used.push('repair.help');
        break;
      case 'explain':
        paragraphs.push(
          this.say('help.question', {
            help: step?.help.trim() ?? wording,
            controls: this.say('controls-hint'),
          }),
        );
        paragraphs.push(wording);
        used.push('help.question');
        break;
      case 'reminder': {
        const posings = session.pending && session.pending.kind === 'slot' ? session.pending.posings : 1;
        paragraphs.push(`${this.say('back-to-question')} ${posings >= 2 ? rephrase : wording}`);
        used.push('back-to-question');
        break;
      }
    }
    const reply = this.reply('question', paragraphs, {
      awaiting: outcome.slot,
      choices: question?.choices ?? [],
    });
    reply.responses = used;
    return reply;
  }

  private confirm(outcome: Extract<Outcome, { type: 'confirm' }>, notes: string): Reply {
    const names = outcome.options.map((option) =>
      describeValue(this.content.flow, outcome.slot, option.value, {}),
    );
    const id: ResponseId = outcome.noun
      ? 'data.either'
      : outcome.change
        ? 'confirm.change'
        : names.length === 1
          ? 'confirm.one'
          : 'confirm';
    const text = this.say(id, {
      first: names[0] ?? '',
      second: names[1] ?? '',
      noun: outcome.noun ?? '',
      slot: this.label(outcome.slot),
    });
    const choices: Choice[] = [...outcome.options, { label: this.say('confirm.other'), value: OTHER }];
    const reply = this.reply('clarify', [notes, text], { awaiting: outcome.slot, choices });
    reply.responses = [id];
    return reply;
  }

  private changeLine(outcome: Extract<Outcome, { type: 'recommendation' }>): string {
    const primary = this.presenter.strategyName(outcome.recommendation.primary);
    switch (outcome.change) {
      case 'same':
        return this.say('recommend.same', { strategy: primary });
      case 'asked':
        return this.say('recommend.asked', { strategy: primary });
      case 'changed':
        return this.say('recommend.changed', {
          strategy: primary,
          before: outcome.before ? this.presenter.strategyName(outcome.before) : '',
        });
      case 'refined':
        return this.say('recommend.refined', { strategy: primary });
      default:
        return '';
    }
  }

  private status(session: Session, notes: string): Reply {
    const items = this.answerSummary(session);
    const body: Segment[] = [];
    if (notes) body.push({ type: 'paragraph', text: notes });
    body.push({ type: 'paragraph', text: this.say(items.length > 0 ? 'status.told' : 'status.nothing') });
    if (items.length > 0) body.push({ type: 'list', items });
    if (session.phase === 'advised') {
      const primary = recommend(this.advice, session.answers).primary;
      body.push({
        type: 'paragraph',
        text: this.say('status.done', { strategy: this.presenter.strategyTitle(primary) }),
      });
    } else {
      const remaining = this.remainingQuestions(session);
      body.push({
        type: 'paragraph',
        text:
          remaining === 1
            ? this.say('status.remaining.one')
            : this.say('status.remaining.many', { count: remaining }),
      });
    }
    return this.presenter.reply('info', body);
  }

  private resumeOffer(session: Session, notes: string): Reply {
    const body: Segment[] = [];
    if (notes) body.push({ type: 'paragraph', text: notes });
    body.push({ type: 'paragraph', text: this.say('resume.offer') });
    body.push({ type: 'list', items: this.answerSummary(session) });
    body.push({ type: 'paragraph', text: this.say('resume.question') });
    return this.presenter.reply('question', body, {
      choices: [
        { label: this.say('resume.choice.resume'), value: 'resume' },
        { label: this.say('resume.choice.restart'), value: 'start over' },
      ],
    });
  }

  answerSummary(session: Session): string[] {
    const profile = profileOf(this.content.flow, session.answers);
    return Object.entries(profile)
      .filter(([slot]) => this.content.flow.slots[slot]?.type !== 'enum' || !isUnitSlot(this.content, slot))
      .map(([slot, value]) => {
        const answer = session.answers[slot];
        const how =
          answer?.source === 'default'
            ? this.say('status.assumed')
            : answer?.source === 'inferred'
              ? this.say('status.inferred')
              : '';
        return `${this.content.flow.slots[slot]?.label ?? slot}: ${describeValue(this.content.flow, slot, value, profile)}${how}`;
      });
  }

  private remainingQuestions(session: Session): number {
    const { flow } = this.content;
    let answers = { ...session.answers };
    let count = 0;
    for (let step = nextStep(flow, answers); step; step = nextStep(flow, answers)) {
      const question = questionFor(flow, step, profileOf(flow, answers));
      count += 1;
      answers = {
        ...answers,
        ...answersForValue(
          flow,
          step.slot,
          question.skip?.value ?? question.choices[0]?.value ?? '',
          'default',
          '',
        ),
      };
      if (answers[step.slot] === undefined) break;
    }
    return count;
  }

  private describeNoted(items: Noted[], session: Session): string {
    const profile: Profile = profileOf(this.content.flow, session.answers);
    return items
      .map((item) => {
        const value = describeValue(this.content.flow, item.slot, item.value, profile);
        const quote =
          item.quote && item.quote.length <= 60 && !sameWords(item.quote, value) ? ` (“${item.quote}”)` : '';
        return `${this.label(item.slot)}: ${value}${quote}`;
      })
      .join('; ');
  }

  private label(slot: string): string {
    return (this.content.flow.slots[slot]?.label ?? slot).toLowerCase();
  }

  private reply(
    kind: ReplyKind,
    paragraphs: string[],
    options: { awaiting?: string | null; choices?: Choice[] } = {},
  ): Reply {
    const body: Segment[] = paragraphs
      .filter((text) => text.trim() !== '')
      .map((text) => ({ type: 'paragraph', text }));
    return this.presenter.reply(kind, body, options);
  }
}

function isUnitSlot(content: Content, slot: string): boolean {
  return Object.values(content.flow.slots).some(
    (definition) => definition.type === 'number' && definition.unit === slot,
  );
}

function sameWords(a: string, b: string): boolean {
  const norm = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return norm(a) === norm(b) || norm(b).includes(norm(a));
}
