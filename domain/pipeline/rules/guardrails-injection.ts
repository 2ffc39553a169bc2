// Inbound guardrail family `prompt_injection`: text that tries to instruct the bot (guardrails.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

import type { GuardrailRule } from "./guardrail-codes.ts";

export const INJECTION_RULES: readonly GuardrailRule[] = [
  // Text that tries to instruct the bot. It is data, never an instruction (docs/architecture.md, invariant 7).
  {
    code: "prompt_injection",
    family: "override",
    pattern:
      /\b(ignore|disregard|forget|override) (all |any |the |your )?(previous|prior|above|earlier|preceding|system|your)? ?(instructions?|prompts?|rules|guidelines|context)\b/i,
  },
  {
    code: "prompt_injection",
    family: "role",
    pattern:
      /\b(you are now|from now on you|act as (if|though|an? (ai|assistant|bot|chatbot|model|admin|administrator|developer|system))|pretend (to be|you are)|roleplay as|system prompt|developer mode|jailbreak|new instructions|as an ai( language model)?)\b/i,
  },
  {
    code: "prompt_injection",
    family: "command",
    pattern:
      /\b(reply|respond|answer) (only )?with\b|\b(say|print|output|repeat) (exactly|verbatim|after me)\b/i,
  },
  {
    code: "prompt_injection",
    family: "markup",
    pattern:
      /<\/?(system|assistant|user|instructions?)>|\[\/?INST\]|<\|[a-z_]+\|>|(^|\n)\s*#{2,}\s*(instructions?|system|response|assistant|user)\b/i,
  },
  // A chat transcript pasted in ("SYSTEM: …", "Assistant: …") to pass as the bot's own context.
  {
    code: "prompt_injection",
    family: "role",
    pattern: /(^|[\n.!?]\s*)(system|assistant|developer|user|human)\s*:/i,
  },
  {
    code: "prompt_injection",
    family: "role",
    pattern:
      /\b(let'?s play a game|role[- ]?play|you'?re a (landlord|bot|assistant|ai|chatbot) (who|that)|you are (now )?(authori[sz]ed|allowed|permitted|instructed|required) to|i (authori[sz]e|instruct|command|order) you|note to (the )?(ai|bot|assistant|model|llm|system)|(ai|bot|llm|gpt|chatgpt|assistant|model) (reading|processing) this|(act|behave|pose) as (my|the|a|an) (landlord|owner|agent|manager|property manager|admin)|(stop|quit) being (a|an) (bot|ai|assistant)|chatgpt|gpt-?\d\w*|openai|language model|llm)\b/i,
  },
  {
    code: "prompt_injection",
    family: "command",
    pattern:
      /\bnew (rule|instruction|task|directive|persona)s?\s*:|\b((respond|reply|answer|speak|talk|write) (only )?(in|like) (a )?(pirate|json|yaml|code|binary|haiku|rhymes?|all caps)|from now on|(reveal|show|print|repeat|translate|tell me|share|output|display|send|dump|leak) (me )?(all )?(your|the) (system )?(prompt|instructions|configuration|config|rules|guidelines|settings)|output your|as json|base ?64|decode (it|this)|override(s)? (all |any )?(prior|previous|earlier|existing|other)|(prior|previous) guidance|confirm (that )?(i'?m|i am|i'?ve been|i have been) (approved|accepted|verified)|mark (this|me|it) as)\b/i,
  },
  {
    code: "prompt_injection",
    family: "override",
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,30}\b(instructions?|prompts?|programming|training|directives|guardrails|filters?|system|configuration)\b|\b(system override|override code|admin mode|told you (not )?to (say|tell|do))\b/i,
  },
  {
    code: "prompt_injection",
    family: "command",
    pattern:
      /\b(hey|hi|hello|dear|ok|okay|yo|listen) (assistant|bot|ai|chatbot|gpt|robot)\b|\b(in|to|from) your (records|database|system|memory|notes)\b|\bfor testing purposes\b/i,
  },
  {
    code: "prompt_injection",
    family: "probe",
    pattern:
      /\b(you'?re|you are|are you) (an? )?(ai|bot|robot|chatbot|machine|automated|real person|human)\b/i,
  },
  {
    code: "prompt_injection",
    family: "override",
    pattern:
      /\b((disregard|ignore|forget) (everything|anything|all)( (above|before|previous|prior|you were told|i said))?|(disregard|ignore) the above|ignora (todas )?(las )?instrucciones|instrucciones anteriores|ignore[rz]? (toutes )?les instructions|ignoriere)\b/i,
  },
];
