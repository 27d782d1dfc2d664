// Builders of the account's history: /activity rows (a plausible month over
// 12 models and their providers, deterministic per date) and /generation data.

import { ACTIVITY_DAYS, FAKE_GENERATION_IDS, FAKE_WORKSPACE_ID } from './constants';
import { fakeUuid, roundUsd, unit } from './util';

/** An /activity item (snake_case, every spec field). */
export type FakeActivityRow = Record<string, unknown>;

/**
 * The account's activity: rows (only those in the last ACTIVITY_DAYS
 * completed UTC days of the server clock are answered), or a function of the
 * server clock (epoch ms) giving them.
 */
export type FakeActivity = FakeActivityRow[] | ((nowMs: number) => FakeActivityRow[]);

const DAY_MS = 24 * 60 * 60 * 1000;

/** UTC day (YYYY-MM-DD) of an epoch ms. */
function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `days` completed UTC days before the one holding `nowMs`, oldest first. */
export function completedUtcDays(nowMs: number, days = ACTIVITY_DAYS): string[] {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const out: string[] = [];
  for (let i = days; i >= 1; i--) out.push(utcDay(today - i * DAY_MS));
  return out;
}

interface ActivityModel {
  model: string;
  permaslug: string;
  /** Share of a day's spend. */
  weight: number;
  /** Provider names with their share of the model's spend. */
  providers: [string, number][];
  /** Tokens per USD (a blended price). */
  tokensPerUsd: number;
  /** Fraction of completion tokens that are reasoning tokens. */
  reasoning?: number;
  /** Chance that the model was not used on a given day. */
  idle?: number;
}

const ACTIVITY_MODELS: ActivityModel[] = [
  { model: 'anthropic/claude-sonnet-4.5', permaslug: 'anthropic/claude-4.5-sonnet-20250929', weight: 0.34, providers: [['Anthropic', 0.7], ['Amazon Bedrock', 0.2], ['Google', 0.1]], tokensPerUsd: 180_000 },
  { model: 'openai/gpt-4.1', permaslug: 'openai/gpt-4.1-2025-04-14', weight: 0.16, providers: [['OpenAI', 0.8], ['Azure', 0.2]], tokensPerUsd: 300_000 },
  { model: 'google/gemini-2.5-pro', permaslug: 'google/gemini-2.5-pro', weight: 0.12, providers: [['Google AI Studio', 0.6], ['Google', 0.4]], tokensPerUsd: 320_000, reasoning: 0.4 },
  { model: 'deepseek/deepseek-chat-v3.1', permaslug: 'deepseek/deepseek-chat-v3.1', weight: 0.08, providers: [['DeepInfra', 0.5], ['Fireworks', 0.3], ['Chutes', 0.2]], tokensPerUsd: 2_500_000, idle: 0.1 },
  { model: 'google/gemini-2.5-flash', permaslug: 'google/gemini-2.5-flash', weight: 0.07, providers: [['Google AI Studio', 1]], tokensPerUsd: 1_800_000 },
  { model: 'qwen/qwen3-coder', permaslug: 'qwen/qwen3-coder-480b-a35b-07-25', weight: 0.06, providers: [['Alibaba', 0.6], ['Cerebras', 0.4]], tokensPerUsd: 2_000_000, idle: 0.2 },
  { model: 'openai/gpt-4.1-mini', permaslug: 'openai/gpt-4.1-mini-2025-04-14', weight: 0.05, providers: [['OpenAI', 1]], tokensPerUsd: 1_500_000 },
  { model: 'meta-llama/llama-3.3-70b-instruct', permaslug: 'meta-llama/llama-3.3-70b-instruct', weight: 0.04, providers: [['Groq', 0.5], ['Together', 0.3], ['DeepInfra', 0.2]], tokensPerUsd: 4_000_000, idle: 0.3 },
  { model: 'x-ai/grok-4-fast', permaslug: 'x-ai/grok-4-fast', weight: 0.03, providers: [['xAI', 1]], tokensPerUsd: 3_000_000, reasoning: 0.3, idle: 0.3 },
  { model: 'moonshotai/kimi-k2', permaslug: 'moonshotai/kimi-k2-0905', weight: 0.02, providers: [['Moonshot AI', 0.6], ['Groq', 0.4]], tokensPerUsd: 900_000, idle: 0.4 },
  { model: 'mistralai/mistral-small-3.2-24b-instruct', permaslug: 'mistralai/mistral-small-3.2-24b-instruct-2506', weight: 0.02, providers: [['Mistral', 1]], tokensPerUsd: 6_000_000, idle: 0.5 },
  { model: 'z-ai/glm-4.6', permaslug: 'z-ai/glm-4.6', weight: 0.01, providers: [['Z.AI', 1]], tokensPerUsd: 1_200_000, idle: 0.6 },
];

/** A complete /activity item, with overrides. */
export function fakeActivityRow(overrides: Record<string, unknown> = {}): FakeActivityRow {
  const model = typeof overrides.model === 'string' ? overrides.model : 'openai/gpt-4.1';
  const provider = typeof overrides.provider_name === 'string' ? overrides.provider_name : 'OpenAI';
  return {
    date: '2026-11-01',
    model,
    model_permaslug: model,
    endpoint_id: fakeUuid(`endpoint:${model}:${provider}`),
    provider_name: provider,
    usage: 0.1,
    byok_usage_inference: 0,
    requests: 10,
    prompt_tokens: 8000,
    completion_tokens: 2000,
    reasoning_tokens: 0,
    ...overrides,
  };
}

/**
 * Plausible activity for the last ACTIVITY_DAYS completed UTC days of
 * `nowMs`: about `usdPerDay` a weekday (less at weekends) over 12 models and
 * their provider endpoints (several models run on more than one provider),
 * deterministic per date.
 */
export function defaultActivity(nowMs: number, usdPerDay = 0.45): FakeActivityRow[] {
  const rows: FakeActivityRow[] = [];
  for (const date of completedUtcDays(nowMs)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const dayTotal = usdPerDay * (weekday === 0 || weekday === 6 ? 0.35 : 1) * (0.6 + 0.8 * unit(`day:${date}`));
    for (const m of ACTIVITY_MODELS) {
      if (m.idle !== undefined && unit(`idle:${date}:${m.model}`) < m.idle) continue;
      for (const [provider, share] of m.providers) {
        const usage = roundUsd(dayTotal * m.weight * share * (0.5 + unit(`use:${date}:${m.model}:${provider}`)));
        if (usage <= 0) continue;
        const tokens = Math.round(usage * m.tokensPerUsd);
        const completion = Math.round(tokens * 0.22);
        rows.push(fakeActivityRow({
          date,
          model: m.model,
          model_permaslug: m.permaslug,
          provider_name: provider,
          usage,
          byok_usage_inference: 0,
          requests: Math.max(1, Math.round(tokens / 2400)),
          prompt_tokens: tokens - completion,
          completion_tokens: completion,
          reasoning_tokens: Math.round(completion * (m.reasoning ?? 0)),
        }));
      }
    }
  }
  return rows;
}

/** A complete /generation `data` object (spec and SDK shape), with overrides. */
export function fakeGenerationData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: FAKE_GENERATION_IDS[0],
    upstream_id: 'chatcmpl-CX2fK9aZpQ1wE3rT5yU7iO9pA',
    total_cost: 0.004215,
    cache_discount: null,
    upstream_inference_cost: null,
    created_at: '2026-11-24T14:20:31.482913+00:00',
    model: 'anthropic/claude-sonnet-4.5',
    app_id: null,
    streamed: true,
    cancelled: false,
    provider_name: 'Anthropic',
    latency: 812,
    moderation_latency: null,
    generation_time: 5230,
    finish_reason: 'stop',
    native_finish_reason: 'end_turn',
    service_tier: null,
    tokens_prompt: 612,
    tokens_completion: 158,
    native_tokens_prompt: 655,
    native_tokens_completion: 150,
    native_tokens_completion_images: 0,
    native_tokens_reasoning: 0,
    native_tokens_cached: 512,
    num_media_prompt: 0,
    num_input_audio_prompt: 0,
    num_media_completion: 0,
    num_search_results: 0,
    num_fetches: 0,
    web_search_engine: null,
    origin: 'https://github.com/',
    usage: 0.004215,
    is_byok: false,
    external_user: null,
    api_type: 'completions',
    preset_id: null,
    router: null,
    provider_responses: [
      { id: 'msg_01FakeAnthropicResponse', endpoint_id: fakeUuid('endpoint:anthropic/claude-sonnet-4.5:Anthropic'), model_permaslug: 'anthropic/claude-4.5-sonnet-20250929', provider_name: 'Anthropic', status: 200, latency: 812, is_byok: false },
    ],
    user_agent: 'openrouter-credits-tests',
    http_referer: null,
    data_region: 'global',
    workspace_id: FAKE_WORKSPACE_ID,
    request_id: 'req-1764000000-aBcDeFgHiJkLmNoPqRsT',
    session_id: null,
    ...overrides,
  };
}

/** The generations the fake knows by default (FAKE_GENERATION_IDS). */
export function defaultGenerations(): Record<string, Record<string, unknown>> {
  const [a, b, c] = FAKE_GENERATION_IDS;
  return {
    [a]: fakeGenerationData({ id: a }),
    [b]: fakeGenerationData({
      id: b,
      model: 'openai/gpt-4.1',
      provider_name: 'Azure',
      total_cost: 0.01884,
      usage: 0.01884,
      created_at: '2026-11-24T18:40:02.113402+00:00',
      native_finish_reason: 'stop',
      tokens_prompt: 6210,
      tokens_completion: 802,
      native_tokens_prompt: 6210,
      native_tokens_completion: 802,
      native_tokens_cached: 0,
      provider_responses: [
        { provider_name: 'OpenAI', status: 429, latency: 120, is_byok: false },
        { provider_name: 'Azure', status: 200, latency: 990, is_byok: false },
      ],
    }),
    [c]: fakeGenerationData({
      id: c,
      model: 'deepseek/deepseek-chat-v3.1',
      provider_name: 'DeepInfra',
      total_cost: 0.000317,
      usage: 0.000317,
      created_at: '2026-11-25T07:05:44.901772+00:00',
      streamed: false,
      native_finish_reason: 'stop',
      tokens_prompt: 1204,
      tokens_completion: 96,
      native_tokens_prompt: 1204,
      native_tokens_completion: 96,
      native_tokens_cached: null,
      provider_responses: null,
    }),
  };
}
