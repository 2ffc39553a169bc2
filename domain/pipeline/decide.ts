// The decision pipeline: normalize → opt-out/opt-in → account/takeover gates → inbound guardrails →
// classify (optionally merged with a validated model result) → template → outbound guardrails →
// send mode. Pure: the caller loads the facts, persists the outcome and does any sending.
// The first matching check wins; docs/decision-table.md lists the same order.
import { checkActiveContent } from "./active-content.ts";
import { classifyIntent, inAskedOrder } from "./classify.ts";
import { composeReply, selectTemplate, variablesFrom } from "./compose.ts";
import { composeMultiReply, type MultiReply } from "./compose-multi.ts";
import { coveringTemplate } from "./coverage.ts";
import { checkInbound, checkOutbound } from "./guardrails.ts";
import { isOtherLanguage } from "./language.ts";
import { checkLinksAndContacts, findLeadContacts } from "./links.ts";
import { normalizeMessage } from "./normalize.ts";
import { analyzeOptChange } from "./optout.ts";
import { MODEL_REPLY_TEMPLATE_ID } from "./rules/model.ts";
import { REASON_ACTION } from "./rules/reasons.ts";
import { INTENTS_NEEDING_PERSON } from "./rules/templates.ts";
import { LOW_CONFIDENCE_THRESHOLD } from "./rules/thresholds.ts";
import { asksForStated, type StatedFacts, statedFacts } from "./stated-facts.ts";
import type {
  Classification,
  Decision,
  DecisionInput,
  DecisionReply,
  GuardrailHit,
  Intent,
  ModelClassification,
  OptChange,
  ReasonCode,
} from "./types.ts";

interface DecisionExtras {
  intent?: Intent;
  confidence?: number;
  secondaryIntents?: Intent[];
  guardrails?: GuardrailHit[];
  reply?: DecisionReply | null;
  missingVariables?: string[];
}

function make(
  reason: ReasonCode,
  base: { normalizedText: string; optOutChange: OptChange; now: string; leadContacts: string[] },
  extra: DecisionExtras = {},
): Decision {
  return {
    // The action is looked up from the reason code, so the two can never disagree.
    action: REASON_ACTION[reason],
    reason,
    intent: extra.intent ?? "unknown",
    confidence: extra.confidence ?? 0,
    secondaryIntents: extra.secondaryIntents ?? [],
    guardrails: extra.guardrails ?? [],
    optOutChange: base.optOutChange,
    normalizedText: base.normalizedText,
    reply: extra.reply ?? null,
    missingVariables: extra.missingVariables ?? [],
    leadContacts: base.leadContacts,
    decidedAt: base.now,
  };
}

// Merges a model's classification into the heuristic one. The model may fill a gap the keywords
// cannot (heuristic "unknown"), but it can never make a message look safer: heuristic ambiguity
// stays, and a flat disagreement with a confident heuristic goes to a person.
function mergeModel(
  heuristic: Classification,
  model: ModelClassification,
): { classification: Classification; disagrees: boolean } {
  const ambiguous = heuristic.ambiguous || model.ambiguity;
  const ambiguityReasons = model.ambiguity
    ? [...heuristic.ambiguityReasons, "model: ambiguous"]
    : heuristic.ambiguityReasons;
  if (heuristic.intent === "unknown") {
    return {
      classification: {
        ...heuristic,
        intent: model.intent,
        confidence: model.confidence,
        ambiguous,
        ambiguityReasons,
      },
      disagrees: false,
    };
  }
  const agrees = model.intent === heuristic.intent;
  const disagrees = !agrees && !heuristic.secondaryIntents.includes(model.intent);
  return {
    classification: {
      ...heuristic,
      // On agreement both signals back the intent; on a partial match (model picked one of the
      // heuristic's secondary intents) the heuristic primary stays and its confidence is used.
      confidence: agrees ? Math.max(heuristic.confidence, model.confidence) : heuristic.confidence,
      ambiguous,
      ambiguityReasons,
    },
    disagrees,
  };
}

// The outbound guardrails, and a reply asking for something the lead already said (a person
// rewords it rather than the lead being asked to repeat themselves).
function replyProblems(reply: string, stated: StatedFacts): GuardrailHit[] {
  return [...checkOutbound(reply), ...asksForStated(reply, stated)];
}

export function decide(input: DecisionInput): Decision {
  const normalized = normalizeMessage(input.message.text);
  const opt = analyzeOptChange(normalized.fullText);
  const { conversation, account } = input;

  // An opt-out is always reported, even when the account is inactive, so the caller persists it and
  // no later reply reaches the lead (an opt-out that is only escalated gets forgotten). An opt-in
  // is reported only when there is an opt-out to clear: a plain "yes" mid-conversation is an answer.
  const optOutChange: OptChange =
    opt.change === "opt_out" ? "opt_out" : opt.change === "opt_in" && conversation.optedOut ? "opt_in" : null;
  // The lead's own phone number or e-mail: never a reason to hold a reply by itself (links.ts), but
  // the person reading the conversation is pointed at it.
  const leadContacts = findLeadContacts(normalized, input.knownPlaces ?? []);
  const base = { normalizedText: normalized.text, optOutChange, now: input.now, leadContacts };

  if (!account.isActive) return make("account_inactive", base);
  if (optOutChange === "opt_out")
    return make("opt_out_requested", base, { intent: "opt_out", confidence: 1 });
  if (conversation.optedOut && optOutChange !== "opt_in") return make("lead_opted_out", base);
  if (conversation.paused) return make("conversation_paused", base);

  // Guardrails read the uncapped text, so nothing risky hides beyond the length cap. They run before
  // classification and regardless of any model output: risk beats mode, and a model cannot lower it.
  // Markup and links are read from the raw message too: stripping markup must not hide them.
  const inbound = [
    ...checkInbound(normalized.fullText),
    ...checkActiveContent(normalized),
    ...checkLinksAndContacts(normalized, input.knownPlaces ?? []),
  ];
  if (inbound.length > 0) return make("inbound_guardrail", base, { guardrails: inbound });

  if (optOutChange === "opt_in" && opt.bare)
    return make("opt_in_received", base, { intent: "opt_in", confidence: 1 });
  if (normalized.text === "") return make("empty_message", base);
  // A person reads very long messages in full; automation only ever saw the first part.
  if (normalized.truncated) return make("message_too_long", base);
  // The keyword rules read English; what they cannot read they cannot vouch for.
  if (isOtherLanguage(normalized.text)) return make("unsupported_language", base);

  const heuristic = classifyIntent(normalized.text, { hasPriorOutbound: conversation.hasPriorOutbound });
  const model = input.modelResult ?? null;
  const { classification: c, disagrees } = model
    ? mergeModel(heuristic, model)
    : { classification: heuristic, disagrees: false };
  if (c.intent === "unknown")
    return make("unknown_intent", base, {
      intent: c.intent,
      confidence: c.confidence,
      secondaryIntents: c.secondaryIntents,
    });

  // Competing intents alone (no hedging, no model doubt) are fine when one template's reply answers
  // all of them (coverage.ts); the intent whose template that is becomes the decision's intent.
  const onlyCompeting =
    c.competingIntents.length > 0 && c.ambiguityReasons.length === c.competingIntents.length;
  // What the lead already said ("I have a 3-year-old cat"): templates ask only for what is missing.
  const stated = statedFacts(normalized.text);
  const variables = variablesFrom(input.listing, input.message.leadName, stated);
  const covering =
    c.ambiguous && onlyCompeting
      ? coveringTemplate([c.intent, ...c.competingIntents], input.templates, variables)
      : null;
  // Otherwise each question gets its own template's answer, in the order asked, in one reply
  // (compose-multi.ts).
  const asked =
    c.ambiguous && onlyCompeting && !covering
      ? inAskedOrder([c.intent, ...c.competingIntents], normalized.text, {
          hasPriorOutbound: conversation.hasPriorOutbound,
        })
      : null;
  const multi: MultiReply | null = asked
    ? composeMultiReply(asked, input.templates, variables, input.replyMaxLength)
    : null;
  const intent = covering?.intent ?? (multi?.ok ? asked?.[0] : undefined) ?? c.intent;
  const facts = {
    intent,
    confidence: c.confidence,
    secondaryIntents:
      intent === c.intent
        ? c.secondaryIntents
        : [c.intent, ...c.secondaryIntents.filter((i) => i !== intent)],
  };

  if (multi && !multi.ok && multi.why === "missing_variables")
    return make("missing_variables", base, { ...facts, missingVariables: multi.missing });
  if (c.ambiguous && !covering && !multi?.ok) return make("ambiguous", base, facts);
  if (disagrees) return make("model_disagrees", base, facts);
  if (c.confidence < LOW_CONFIDENCE_THRESHOLD) return make("low_confidence", base, facts);
  if (INTENTS_NEEDING_PERSON.includes(intent)) return make("intent_needs_person", base, facts);

  if (multi?.ok) {
    const outbound = replyProblems(multi.body, stated);
    if (outbound.length > 0) return make("outbound_guardrail", base, { ...facts, guardrails: outbound });
    const [first] = multi.templates;
    const reply: DecisionReply = {
      body: multi.body,
      templateId: first?.id ?? "",
      templateVersion: first?.version ?? 0,
      source: "template",
      composedFrom: multi.templates.map((t) => t.id),
    };
    return make(account.effectiveSendMode === "auto_send" ? "auto_send_eligible" : "draft_only_mode", base, {
      ...facts,
      reply,
    });
  }

  const template = covering?.template ?? selectTemplate(intent, input.templates);
  if (!template) {
    // Templates are preferred (their facts are the manager's); a model suggestion only fills the gap,
    // and a model-written reply is never sent without a person's approval, whatever the mode.
    const suggestion = model?.suggestedReply?.trim() ?? "";
    if (suggestion === "") return make("no_template", base, facts);
    const outbound = replyProblems(suggestion, stated);
    if (outbound.length > 0) return make("outbound_guardrail", base, { ...facts, guardrails: outbound });
    return make("model_reply_needs_approval", base, {
      ...facts,
      reply: { body: suggestion, templateId: MODEL_REPLY_TEMPLATE_ID, templateVersion: 0, source: "model" },
    });
  }

  const composed = composeReply(template, input.listing, input.message.leadName, stated);
  if (!composed.ok) return make("missing_variables", base, { ...facts, missingVariables: composed.missing });

  const outbound = replyProblems(composed.body, stated);
  if (outbound.length > 0) return make("outbound_guardrail", base, { ...facts, guardrails: outbound });

  const reply: DecisionReply = {
    body: composed.body,
    templateId: template.id,
    templateVersion: template.version,
    source: "template",
  };
  return make(account.effectiveSendMode === "auto_send" ? "auto_send_eligible" : "draft_only_mode", base, {
    ...facts,
    reply,
  });
}
