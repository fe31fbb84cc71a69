/**
 * A loopback fake of Discord's REST API and gateway that the real discord.js
 * client (and @discordjs/rest) can log in to, so the bot's wiring can be tested
 * end to end without network access. Everything listens on 127.0.0.1.
 *
 * It is deliberately strict where real Discord is strict (3 s interaction
 * deadline, double acknowledgements, message/embed/command limits, channel
 * permissions, privileged MessageContent intent), so bugs that would only show
 * up in production fail here too.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer, WebSocket, type RawData } from "ws";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from "discord.js";

// ---------------------------------------------------------------------------
// Public types

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** GuildText by default. */
  type?: ChannelType.GuildText | ChannelType.GuildAnnouncement | ChannelType.GuildForum;
  topic?: string;
  /**
   * false = the bot lacks SendMessages/AddReactions here: a member permission
   * overwrite makes `channel.permissionsFor(me)` agree, and REST writes answer
   * 403 `{ code: 50013, message: "Missing Permissions" }`.
   */
  botCanSend?: boolean;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** Members besides the bot, which is always added. */
  members: FakeUser[];
  /** Permissions of @everyone; DEFAULT_EVERYONE_PERMISSIONS if omitted. */
  everyonePermissions?: bigint;
  /** The first member if omitted. Never make it the bot: owners bypass every permission check. */
  ownerId?: string;
}

export interface FakeDiscordOptions {
  guilds?: FakeGuild[];
  botUserId?: string;
  /** Defaults to botUserId, as for every modern Discord application. */
  applicationId?: string;
  /**
   * false = the Message Content intent is not enabled in the developer portal: an IDENTIFY asking for it is closed
   * with 4014 (Disallowed intents), as on Discord. true by default.
   */
  messageContentIntentEnabled?: boolean;
  /** HELLO heartbeat_interval; Discord's 41250 by default. */
  heartbeatIntervalMs?: number;
  /**
   * The clock interaction deadlines run on (Date.now by default): an interaction not answered within 3 s of
   * it fails with 10062, as on Discord, and a test can move past that without waiting.
   */
  now?: () => number;
  /** The shard count GET /gateway/bot recommends (what discord.js's `auto` and newsdesk's `SHARDS=auto` ask); 1 by default. */
  recommendedShards?: number;
  /** GET /gateway/bot's session_start_limit.max_concurrency: how many shards may IDENTIFY at once; 1 by default. */
  maxConcurrency?: number;
  /**
   * The most guilds one shard may hold: an IDENTIFY whose shard would receive more is closed with 4011 (Sharding
   * required), as Discord does past 2,500; unlimited by default.
   */
  maxGuildsPerShard?: number;
}

/** One REST request the fake received, logged whether or not a route matched. */
export interface FakeRequest {
  method: string;
  /** Path after `/api/v10`, URL-decoded, without the query string (e.g. reactions carry the raw emoji). */
  path: string;
  query: Record<string, string>;
  /** The matched route template, e.g. "POST /channels/:channelId/messages"; null for an unknown route. */
  route: string | null;
  params: Record<string, string>;
  /**
   * The JSON body as discord.js sent it (snake_case API shape); for multipart
   * requests the parsed `payload_json`. null when there is none. Typed loosely
   * because tests read arbitrary API fields off it.
   */
  body: any;
  files: FakeUploadedFile[];
  /** Status the fake answered with. */
  status: number;
  /** The Discord error code the fake answered with (e.g. 50035, 40060); null on success. */
  code: number | null;
  time: number;
}

export interface FakeUploadedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

/** A payload the client sent over the gateway (IDENTIFY, heartbeats, RESUME…). */
export interface FakeGatewayPayload {
  op: number;
  d: unknown;
  time: number;
}

export interface FakeApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
}

/** A message as the fake stores and serves it (Discord API shape). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: FakeApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  mentions: FakeApiUser[];
  flags: number;
  type: number;
  webhook_id?: string;
  [field: string]: unknown;
}

/** A command as registered through PUT …/commands, with the ids the fake assigned. */
export interface FakeRegisteredCommand {
  id: string;
  application_id: string;
  name: string;
  type: number;
  guild_id?: string;
  [field: string]: unknown;
}

/** Returned by the interaction helpers. */
export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  /** Every REST request the bot made for this interaction so far. */
  requests(): FakeRequest[];
  /** The message `@original` refers to (the reply, or the message an update edited), once there is one. */
  originalMessage(): FakeMessage | undefined;
  /** POST /interactions/:id/:token/callback */
  waitForCallback(timeoutMs?: number): Promise<FakeRequest>;
  /** PATCH /webhooks/:appId/:token/messages/@original (editReply) */
  waitForOriginalEdit(timeoutMs?: number): Promise<FakeRequest>;
  /** POST /webhooks/:appId/:token (followUp) */
  waitForFollowUp(timeoutMs?: number): Promise<FakeRequest>;
}

/** Returned by sendMessage. */
export interface FakeSentMessage {
  readonly id: string;
  readonly channelId: string;
  /** The bot's POST /channels/:channelId/messages whose message_reference points at this message. */
  waitForReply(timeoutMs?: number): Promise<FakeRequest>;
}

export type FakeOptionValue =
  | string
  | number
  | boolean
  | { type: ApplicationCommandOptionType; value: string | number | boolean };

export interface InteractionContextOptions {
  /** The human member by default. */
  userId?: string;
  /** The first channel of the first guild by default. */
  channelId?: string;
  /** Overrides `member.permissions` (otherwise computed from roles and overwrites). */
  memberPermissions?: bigint;
  locale?: string;
}

export interface ChatInputInteractionOptions extends InteractionContextOptions {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  /**
   * Option values by name. Strings, booleans and integers get their natural
   * option type; non-integral numbers become Number. Pass `{ type, value }`
   * when that guess is wrong (e.g. a Number option holding 3).
   */
  options?: Record<string, FakeOptionValue>;
}

export interface AutocompleteInteractionOptions extends ChatInputInteractionOptions {
  /** The option the user is typing in. */
  focused: { name: string; value: string; type?: ApplicationCommandOptionType };
}

export interface ButtonInteractionOptions extends Omit<InteractionContextOptions, "channelId"> {
  customId: string;
  /** A message the fake has seen (the bot posted it, or sendMessage sent it). */
  messageId: string;
}

export interface RawInteractionOptions extends InteractionContextOptions {
  type: InteractionType;
  data?: Record<string, unknown>;
  /** Merged last into the INTERACTION_CREATE payload. */
  overrides?: Record<string, unknown>;
}

export interface SendMessageOptions {
  content: string;
  /** The first channel of the first guild by default. */
  channelId?: string;
  /** The human member by default. */
  authorId?: string;
  /** Marks the author as a bot account. */
  bot?: boolean;
  /** Sends the message as this webhook (author is the webhook, no member). */
  webhookId?: string;
  /** Adds the bot to `mentions` (mentions written as <@id> in content are picked up anyway). */
  mentionsBot?: boolean;
  /** Makes it a reply to this message. */
  replyToMessageId?: string;
  embeds?: unknown[];
  /** The message's id (a forum post's starter message has its thread's id); a new snowflake by default. */
  messageId?: string;
}

// ---------------------------------------------------------------------------
// Defaults

const DISCORD_EPOCH = 1420070400000n;
const API_PREFIX = "/api/v10";
const GATEWAY_PATH = "/gateway";
const DEFAULT_WAIT_MS = 5_000;
const DISCORD_HEARTBEAT_INTERVAL_MS = 41_250;
const DISCORD_INTERACTION_DEADLINE_MS = 3_000;
const SOCKET_CLOSE_GRACE_MS = 1_000;

/** The shard that receives a guild's events, by Discord's rule: (guild_id >> 22) % shard count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A guild id (19 digits) whose events go to `shardId` of `shardCount`; `serial` tells apart guilds of one shard. */
export function guildIdOnShard(shardId: number, shardCount: number, serial = 0): string {
  return String((1_000_000_000_000n * BigInt(shardCount) * BigInt(serial + 1) + BigInt(shardId)) << 22n);
}

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** Roughly what Discord grants @everyone in a new server. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseExternalStickers |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.Stream |
  PermissionFlagsBits.UseVAD;

/** What the bot's managed role is granted when invited. */
const BOT_ROLE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.ReadMessageHistory;

const BOT_DENIED_WHEN_READ_ONLY = PermissionFlagsBits.SendMessages | PermissionFlagsBits.AddReactions;

export const DEFAULT_BOT_USER_ID = "1000000000000000201";

/** #general, #news, and #read-only (where the bot may not post), plus one human, "reader". */
export function defaultGuild(): FakeGuild {
  return {
    id: "1000000000000000001",
    name: "Newsroom",
    channels: [
      { id: "1000000000000000011", name: "general", topic: "General chat" },
      { id: "1000000000000000012", name: "news", topic: "Headlines and digests" },
      { id: "1000000000000000013", name: "read-only", topic: "The bot may read but not post", botCanSend: false },
    ],
    members: [{ id: "1000000000000000101", username: "reader" }],
  };
}

// ---------------------------------------------------------------------------
// Small helpers

interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the response was written, e.g. to echo a gateway event. */
  after?: () => void;
}

interface RouteContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: FakeUploadedFile[];
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  /** Bot-token routes; interaction callbacks and webhooks use the interaction token instead. */
  needsBotToken: boolean;
  handle: (context: RouteContext) => RouteResult;
}

interface PermissionOverwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  everyonePermissions: bigint;
  botRoleId: string;
  channels: FakeChannel[];
  memberIds: string[];
  joinedAt: string;
}

interface ChannelState {
  config: FakeChannel;
  guildId: string;
  overwrites: PermissionOverwrite[];
  removed: boolean;
  /** Set for threads (and forum posts): the channel they belong to; their permissions are the parent's. */
  thread?: { parentId: string; ownerId: string };
}

interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  channelId: string;
  guildId: string;
  userId: string;
  createdAt: number;
  acknowledged: boolean;
  originalMessageId: string | null;
  /** The message a component interaction was clicked on. */
  componentMessageId: string | null;
}

interface GatewaySession {
  id: string;
  intents: number;
  /** IDENTIFY's `shard`: [shard id, shard count]; [0, 1] when the client sent none. */
  shard: [number, number];
  socket: WebSocket | null;
  sequence: number;
  /** Every dispatch sent, for replay on RESUME. */
  history: { op: number; t: string; s: number; d: unknown }[];
}

interface RequestWaiter {
  matches: (request: FakeRequest) => boolean;
  resolve: (request: FakeRequest) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A route template as in FakeRequest.route, or a predicate. */
export type RequestMatcher = string | ((request: FakeRequest) => boolean);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** IDENTIFY's optional `shard` field: [id, count] with 0 <= id < count; null when malformed (Discord closes with 4010). */
function parseShard(value: unknown): [number, number] | null {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  return (id as number) >= 0 && (id as number) < (count as number) ? [id as number, count as number] : null;
}

function discordError(status: number, code: number, message: string, errors?: Record<string, unknown>): RouteResult {
  return { status, body: errors ? { code, message, errors } : { code, message } };
}

function invalidFormBody(errors: Record<string, unknown>): RouteResult {
  return discordError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, "Invalid Form Body", errors);
}

/** Where a form error sits in the request body, e.g. ["embeds", 0, "title"]. */
type FormPath = readonly (string | number)[];

function rateLimited(retryAfterSeconds: number): RouteResult {
  return {
    status: 429,
    headers: {
      "retry-after": String(retryAfterSeconds),
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset-after": String(retryAfterSeconds),
      "x-ratelimit-bucket": "fake-bucket",
      "x-ratelimit-scope": "user",
    },
    body: { message: "You are being rate limited.", retry_after: retryAfterSeconds, global: false },
  };
}

/** Records one error in Discord's nested `{ field: { _errors: [...] } }` shape. */
function addFormError(tree: Record<string, unknown>, path: FormPath, code: string, message: string): void {
  let node = tree;
  for (const key of path) {
    const child = node[String(key)];
    if (isRecord(child)) {
      node = child;
    } else {
      const created: Record<string, unknown> = {};
      node[String(key)] = created;
      node = created;
    }
  }
  const existing = node._errors;
  node._errors = [...(Array.isArray(existing) ? existing : []), { code, message }];
}

/** Code points, the lenient reading of Discord's "characters", so the fake never rejects what Discord accepts. */
function characterCount(text: unknown): number {
  return typeof text === "string" ? [...text].length : 0;
}

function checkMaxLength(errors: Record<string, unknown>, path: FormPath, value: unknown, max: number): void {
  if (characterCount(value) > max) {
    addFormError(errors, path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
  }
}

function checkMaxCount(errors: Record<string, unknown>, path: FormPath, items: unknown[], max: number): void {
  if (items.length > max) addFormError(errors, path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
}

function checkLengthBetween(
  errors: Record<string, unknown>,
  path: FormPath,
  value: unknown,
  min: number,
  max: number,
): void {
  const length = characterCount(value);
  if (typeof value !== "string" || length < min || length > max) {
    addFormError(errors, path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
  }
}

function hasErrors(errors: Record<string, unknown>): boolean {
  return Object.keys(errors).length > 0;
}

/** Discord's limits on message content, embeds and classic components. */
function validateMessageBody(body: unknown, options: { partial: boolean; fileCount: number }): RouteResult | null {
  const message = isRecord(body) ? body : {};
  const errors: Record<string, unknown> = {};
  checkMaxLength(errors, ["content"], message.content, 2000);

  const embeds = Array.isArray(message.embeds) ? message.embeds : [];
  checkMaxCount(errors, ["embeds"], embeds, 10);
  let embedCharacters = 0;
  embeds.forEach((embed: unknown, index) => {
    if (!isRecord(embed)) return;
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    const footer = isRecord(embed.footer) ? embed.footer : {};
    const author = isRecord(embed.author) ? embed.author : {};
    checkMaxLength(errors, ["embeds", index, "title"], embed.title, 256);
    checkMaxLength(errors, ["embeds", index, "description"], embed.description, 4096);
    checkMaxLength(errors, ["embeds", index, "footer", "text"], footer.text, 2048);
    checkMaxLength(errors, ["embeds", index, "author", "name"], author.name, 256);
    checkMaxCount(errors, ["embeds", index, "fields"], fields, 25);
    embedCharacters += characterCount(embed.title) + characterCount(embed.description);
    embedCharacters += characterCount(footer.text) + characterCount(author.name);
    fields.forEach((field: unknown, fieldIndex) => {
      const entry = isRecord(field) ? field : {};
      checkLengthBetween(errors, ["embeds", index, "fields", fieldIndex, "name"], entry.name, 1, 256);
      checkLengthBetween(errors, ["embeds", index, "fields", fieldIndex, "value"], entry.value, 1, 1024);
      embedCharacters += characterCount(entry.name) + characterCount(entry.value);
    });
  });
  if (embedCharacters > 6000) {
    addFormError(errors, ["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
  }

  const components = Array.isArray(message.components) ? message.components : [];
  const componentsV2 = typeof message.flags === "number" && (message.flags & MessageFlags.IsComponentsV2) !== 0;
  if (!componentsV2) {
    checkMaxCount(errors, ["components"], components, 5);
    components.forEach((row: unknown, rowIndex) => {
      const children = isRecord(row) && Array.isArray(row.components) ? row.components : [];
      checkMaxCount(errors, ["components", rowIndex, "components"], children, 5);
      children.forEach((child: unknown, childIndex) => {
        if (!isRecord(child)) return;
        checkMaxLength(errors, ["components", rowIndex, "components", childIndex, "label"], child.label, 80);
        checkMaxLength(errors, ["components", rowIndex, "components", childIndex, "custom_id"], child.custom_id, 100);
      });
    });
  }
  if (hasErrors(errors)) return invalidFormBody(errors);

  const isEmpty =
    characterCount(message.content) === 0 &&
    embeds.length === 0 &&
    components.length === 0 &&
    options.fileCount === 0 &&
    !(Array.isArray(message.sticker_ids) && message.sticker_ids.length > 0) &&
    message.poll === undefined;
  if (!options.partial && isEmpty) {
    return discordError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, "Cannot send an empty message");
  }
  return null;
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

function checkCommandName(errors: Record<string, unknown>, path: FormPath, name: unknown): void {
  if (typeof name !== "string" || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    addFormError(errors, path, "APPLICATION_COMMAND_INVALID_NAME", `Command name is invalid`);
  }
}

function validateCommandOptions(errors: Record<string, unknown>, path: FormPath, options: unknown): void {
  if (!Array.isArray(options)) return;
  checkMaxCount(errors, path, options, 25);
  let sawOptional = false;
  options.forEach((option: unknown, index) => {
    const entry = isRecord(option) ? option : {};
    checkCommandName(errors, [...path, index, "name"], entry.name);
    checkLengthBetween(errors, [...path, index, "description"], entry.description, 1, 100);
    const nestsOptions = [ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup];
    if (nestsOptions.includes(entry.type as ApplicationCommandOptionType)) {
      validateCommandOptions(errors, [...path, index, "options"], entry.options);
      return;
    }
    if (entry.required === true && sawOptional) {
      addFormError(
        errors,
        path,
        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        "Required options must be placed before non-required options",
      );
    }
    if (entry.required !== true) sawOptional = true;
    const choices = Array.isArray(entry.choices) ? entry.choices : [];
    checkMaxCount(errors, [...path, index, "choices"], choices, 25);
    choices.forEach((choice: unknown, choiceIndex) => {
      const choiceName = isRecord(choice) ? choice.name : undefined;
      checkLengthBetween(errors, [...path, index, "choices", choiceIndex, "name"], choiceName, 1, 100);
    });
  });
}

function validateCommands(commands: unknown): RouteResult | null {
  if (!Array.isArray(commands)) {
    return invalidFormBody({ _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }] });
  }
  const errors: Record<string, unknown> = {};
  const seen = new Set<string>();
  commands.forEach((command: unknown, index) => {
    const entry = isRecord(command) ? command : {};
    const type = entry.type ?? ApplicationCommandType.ChatInput;
    if (type === ApplicationCommandType.ChatInput) {
      checkCommandName(errors, [index, "name"], entry.name);
      checkLengthBetween(errors, [index, "description"], entry.description, 1, 100);
      validateCommandOptions(errors, [index, "options"], entry.options);
    } else {
      checkLengthBetween(errors, [index, "name"], entry.name, 1, 32);
    }
    const key = `${String(type)}:${String(entry.name)}`;
    if (seen.has(key)) {
      const message = "Application command names must be unique";
      addFormError(errors, [index, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", message);
    }
    seen.add(key);
  });
  return hasErrors(errors) ? invalidFormBody(errors) : null;
}

function validateAutocompleteChoices(data: unknown): RouteResult | null {
  const choices = isRecord(data) && Array.isArray(data.choices) ? data.choices : [];
  const errors: Record<string, unknown> = {};
  checkMaxCount(errors, ["data", "choices"], choices, 25);
  choices.forEach((choice: unknown, index) => {
    const entry = isRecord(choice) ? choice : {};
    checkLengthBetween(errors, ["data", "choices", index, "name"], entry.name, 1, 100);
    checkMaxLength(errors, ["data", "choices", index, "value"], entry.value, 100);
  });
  return hasErrors(errors) ? invalidFormBody(errors) : null;
}

function optionPayload(name: string, value: FakeOptionValue): Record<string, unknown> {
  if (typeof value === "object") return { name, type: value.type, value: value.value };
  if (typeof value === "string") return { name, type: ApplicationCommandOptionType.String, value };
  if (typeof value === "boolean") return { name, type: ApplicationCommandOptionType.Boolean, value };
  const type = Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return { name, type, value };
}

/** Wraps leaf options into the subcommand (group) the user picked. */
function commandOptionsPayload(
  leafOptions: Record<string, unknown>[],
  subcommand: string | undefined,
  subcommandGroup: string | undefined,
): Record<string, unknown>[] {
  let options = leafOptions;
  if (subcommand !== undefined) {
    options = [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options }];
  }
  if (subcommandGroup !== undefined) {
    options = [{ name: subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options }];
  }
  return options;
}

function sendJson(response: ServerResponse, result: RouteResult): void {
  if (result.body === undefined) {
    response.writeHead(result.status, result.headers).end();
    return;
  }
  const text = JSON.stringify(result.body);
  response.writeHead(result.status, {
    ...result.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseRequestBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: FakeUploadedFile[] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType?.startsWith("multipart/form-data")) {
    // Node's fetch Request understands multipart, which is what @discordjs/rest sends with files.
    const multipart = new Request("http://127.0.0.1/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw,
    });
    const form = await multipart.formData();
    let body: Record<string, unknown> | null = null;
    const files: FakeUploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value !== "string") {
        files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
      } else if (field === "payload_json") {
        body = { ...(body ?? {}), ...(JSON.parse(value) as Record<string, unknown>) };
      } else {
        body = { ...(body ?? {}), [field]: value };
      }
    }
    return { body, files };
  }
  const text = raw.toString("utf8");
  return { body: contentType?.startsWith("application/json") ? JSON.parse(text) : text, files: [] };
}

function closeSocket(socket: WebSocket, code: number, reason: string): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    // A client that never answers the close handshake must not keep the process alive.
    const fallback = setTimeout(() => socket.terminate(), SOCKET_CLOSE_GRACE_MS);
    socket.once("close", () => {
      clearTimeout(fallback);
      resolve();
    });
    if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    else socket.terminate();
  });
}

// ---------------------------------------------------------------------------
// The fake

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

export class FakeDiscord {
  readonly botUserId: string;
  readonly applicationId: string;
  /** Any Discord-looking token; the fake checks that the client presents exactly this one. */
  readonly token: string;
  /** The first guild. */
  readonly guildId: string;
  /** Channel ids of the first guild, in configuration order. */
  readonly channelIds: readonly string[];
  /** The first non-bot member of the first guild. */
  readonly humanUserId: string;
  /** Every REST request, in arrival order. */
  readonly requests: FakeRequest[] = [];
  /** Every payload clients sent over the gateway. */
  readonly gatewayPayloads: FakeGatewayPayload[] = [];

  readonly #heartbeatIntervalMs: number;
  #messageContentIntentEnabled: boolean;
  readonly #now: () => number;
  readonly #recommendedShards: number;
  readonly #maxConcurrency: number;
  readonly #maxGuildsPerShard: number;
  readonly #users = new Map<string, FakeUser>();
  readonly #guilds = new Map<string, GuildState>();
  readonly #channels = new Map<string, ChannelState>();
  readonly #messages = new Map<string, FakeMessage>();
  readonly #interactions = new Map<string, InteractionState>();
  readonly #sessions = new Map<string, GatewaySession>();
  readonly #sockets = new Set<WebSocket>();
  /** Called whenever a gateway socket closes. */
  readonly #socketCloseListeners = new Set<() => void>();
  readonly #globalCommands: FakeRegisteredCommand[] = [];
  readonly #guildCommands = new Map<string, FakeRegisteredCommand[]>();
  /** Ids for commands a test invokes without registering them first. */
  readonly #unregisteredCommandIds = new Map<string, string>();
  readonly #waiters = new Set<RequestWaiter>();
  /** Requests to answer with 429 once each, in the order they were asked for. */
  readonly #rateLimits: { matches: (request: FakeRequest) => boolean; retryAfterSeconds: number }[] = [];
  readonly #routes: Route[];
  readonly #server: Server;
  readonly #webSocketServer = new WebSocketServer({ noServer: true });
  #lastSnowflakeTime = 0n;
  #snowflakeIncrement = 0n;
  #port = 0;
  #closed = false;

  constructor(options: FakeDiscordOptions) {
    this.botUserId = options.botUserId ?? DEFAULT_BOT_USER_ID;
    this.applicationId = options.applicationId ?? this.botUserId;
    this.token = [
      Buffer.from(this.botUserId).toString("base64url"),
      Buffer.from(String(Math.floor(Date.now() / 1000))).toString("base64url"),
      randomBytes(20).toString("base64url"),
    ].join(".");
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? DISCORD_HEARTBEAT_INTERVAL_MS;
    this.#messageContentIntentEnabled = options.messageContentIntentEnabled ?? true;
    this.#now = options.now ?? Date.now;
    this.#recommendedShards = options.recommendedShards ?? 1;
    this.#maxConcurrency = options.maxConcurrency ?? 1;
    this.#maxGuildsPerShard = options.maxGuildsPerShard ?? Number.POSITIVE_INFINITY;

    this.#users.set(this.botUserId, { id: this.botUserId, username: "newsdesk", bot: true });
    const guilds = options.guilds ?? [defaultGuild()];
    for (const guild of guilds) this.#addGuild(guild);
    const firstGuild = guilds[0];
    const firstHuman = firstGuild?.members[0];
    if (!firstGuild || !firstHuman) throw new Error("startFakeDiscord needs a guild with at least one non-bot member");
    this.guildId = firstGuild.id;
    this.channelIds = firstGuild.channels.map((channel) => channel.id);
    this.humanUserId = firstHuman.id;

    this.#routes = this.#buildRoutes();
    this.#server = createServer((request, response) => {
      // A bug in the fake must fail the request visibly, not crash the test process.
      this.#onHttpRequest(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, discordError(500, 0, `fake Discord failed: ${String(error)}`));
      });
    });
    this.#server.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      if (url.pathname !== GATEWAY_PATH) {
        socket.destroy();
        return;
      }
      this.#webSocketServer.handleUpgrade(request, socket, head, (webSocket) =>
        this.#onGatewayConnection(webSocket, url),
      );
    });
  }

  /** Binds an ephemeral loopback port; startFakeDiscord calls it. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** REST base for `new Client({ rest: { api } })` and `new REST({ api })`. */
  get api(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  /** What GET /gateway/bot and READY's resume_gateway_url point the client at. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}${GATEWAY_PATH}`;
  }

  /** Id of the channel with this name (first guild unless guildId is given). */
  channelId(name: string, guildId = this.guildId): string {
    const channel = this.#guilds.get(guildId)?.channels.find((candidate) => candidate.name === name);
    if (!channel) throw new Error(`fake Discord: no channel named "${name}" in guild ${guildId}`);
    return channel.id;
  }

  /** Messages currently in a channel (as edited), oldest first; ephemeral interaction replies excluded. */
  channelMessages(channelId: string): FakeMessage[] {
    return [...this.#messages.values()].filter(
      (message) => message.channel_id === channelId && (message.flags & MessageFlags.Ephemeral) === 0,
    );
  }

  /** Any message the fake knows, ephemeral ones included. */
  message(messageId: string): FakeMessage | undefined {
    return this.#messages.get(messageId);
  }

  /** Commands registered via PUT, globally or for one guild. */
  registeredCommands(guildId?: string): FakeRegisteredCommand[] {
    return [...(guildId === undefined ? this.#globalCommands : (this.#guildCommands.get(guildId) ?? []))];
  }

  /** Resolves with the first request, already logged or future, that matches. */
  waitForRequest(matcher: RequestMatcher, timeoutMs = DEFAULT_WAIT_MS): Promise<FakeRequest> {
    const matches = typeof matcher === "string" ? (request: FakeRequest) => request.route === matcher : matcher;
    const logged = this.requests.find(matches);
    if (logged) return Promise.resolve(logged);
    if (this.#closed) return Promise.reject(new Error("fake Discord is closed"));
    return new Promise((resolve, reject) => {
      const waiter: RequestWaiter = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          const seen = this.requests.map((request) => `  ${request.method} ${request.path} → ${request.status}`);
          const listing = seen.length > 0 ? seen.join("\n") : "  (none)";
          reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms; requests so far:\n${listing}`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Dispatches INTERACTION_CREATE built from the context, `data` and raw `overrides`. */
  sendInteraction(options: RawInteractionOptions): FakeInteraction {
    const channelId = options.channelId ?? this.#defaultChannelId();
    const channel = this.#requireChannel(channelId);
    const guild = this.#requireGuild(channel.guildId);
    const userId = options.userId ?? this.humanUserId;
    const memberPermissions = options.memberPermissions ?? this.#permissionsIn(channelId, userId);
    const state: InteractionState = {
      id: this.#nextSnowflake(),
      token: `aW50ZXJhY3Rpb24.${randomBytes(24).toString("base64url")}`,
      type: options.type,
      channelId,
      guildId: guild.id,
      userId,
      createdAt: this.#now(),
      acknowledged: false,
      originalMessageId: null,
      componentMessageId: null,
    };
    const payload: Record<string, unknown> = {
      id: state.id,
      application_id: this.applicationId,
      type: options.type,
      token: state.token,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: "en-US", features: [] },
      guild_locale: "en-US",
      locale: options.locale ?? "en-US",
      channel_id: channelId,
      channel: { ...this.#channelPayload(channel), permissions: String(memberPermissions) },
      member: {
        ...this.#memberPayload(guild, userId),
        user: this.#userPayload(userId),
        permissions: String(memberPermissions),
      },
      app_permissions: String(this.#permissionsIn(channelId, this.botUserId)),
      // discord.js reads both unconditionally; without them it throws before emitting interactionCreate.
      entitlements: [],
      authorizing_integration_owners: { "0": guild.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...(options.data ? { data: options.data } : {}),
      ...options.overrides,
    };
    if (isRecord(payload.message) && typeof payload.message.id === "string") {
      state.componentMessageId = payload.message.id;
    }
    this.#interactions.set(state.id, state);
    this.#dispatchToGuild(guild.id, GatewayDispatchEvents.InteractionCreate, payload);
    return this.#interactionHandle(state);
  }

  chatInputInteraction(options: ChatInputInteractionOptions): FakeInteraction {
    const leafOptions = Object.entries(options.options ?? {}).map(([name, value]) => optionPayload(name, value));
    return this.sendInteraction({
      ...options,
      type: InteractionType.ApplicationCommand,
      data: {
        id: this.#commandId(options.name, options.channelId),
        name: options.name,
        type: ApplicationCommandType.ChatInput,
        options: commandOptionsPayload(leafOptions, options.subcommand, options.subcommandGroup),
      },
    });
  }

  autocompleteInteraction(options: AutocompleteInteractionOptions): FakeInteraction {
    const { focused } = options;
    const leafOptions = [
      ...Object.entries(options.options ?? {}).map(([name, value]) => optionPayload(name, value)),
      {
        name: focused.name,
        type: focused.type ?? ApplicationCommandOptionType.String,
        value: focused.value,
        focused: true,
      },
    ];
    return this.sendInteraction({
      ...options,
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: this.#commandId(options.name, options.channelId),
        name: options.name,
        type: ApplicationCommandType.ChatInput,
        options: commandOptionsPayload(leafOptions, options.subcommand, options.subcommandGroup),
      },
    });
  }

  buttonInteraction(options: ButtonInteractionOptions): FakeInteraction {
    const message = this.#messages.get(options.messageId);
    if (!message) throw new Error(`fake Discord: buttonInteraction on unknown message ${options.messageId}`);
    return this.sendInteraction({
      ...options,
      channelId: message.channel_id,
      type: InteractionType.MessageComponent,
      data: { custom_id: options.customId, component_type: ComponentType.Button },
      // discord.js builds interaction.message from this and fails without it.
      overrides: { message },
    });
  }

  /** Dispatches MESSAGE_CREATE as a user (or bot/webhook) posting in a guild channel. */
  sendMessage(options: SendMessageOptions): FakeSentMessage {
    const channelId = options.channelId ?? this.#defaultChannelId();
    const channel = this.#requireChannel(channelId);
    const webhookAuthor = (id: string): FakeApiUser => ({
      id,
      username: "Captain Hook",
      discriminator: "0000",
      global_name: null,
      avatar: null,
      bot: true,
    });
    const author: FakeApiUser = options.webhookId
      ? webhookAuthor(options.webhookId)
      : { ...this.#userPayload(options.authorId ?? this.humanUserId), ...(options.bot ? { bot: true } : {}) };
    const mentionedIds = new Set([...options.content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] ?? ""));
    if (options.mentionsBot) mentionedIds.add(this.botUserId);
    const message = this.#storeMessage(channelId, {
      author,
      content: options.content,
      embeds: options.embeds ?? [],
      mentions: [...mentionedIds].filter((id) => this.#users.has(id)).map((id) => this.#userPayload(id)),
      ...(options.webhookId ? { webhook_id: options.webhookId } : {}),
      ...(options.messageId ? { id: options.messageId } : {}),
      ...this.#replyFields(channel, options.replyToMessageId),
    });
    this.#dispatchMessageCreate(message);
    return {
      id: message.id,
      channelId,
      waitForReply: (timeoutMs) =>
        this.waitForRequest(
          (request) =>
            request.route === "POST /channels/:channelId/messages" &&
            request.params.channelId === channelId &&
            isRecord(request.body) &&
            isRecord(request.body.message_reference) &&
            request.body.message_reference.message_id === message.id,
          timeoutMs,
        ),
    };
  }

  /**
   * Answers the next request that matches with 429 Too Many Requests (a per-route limit, as Discord sends
   * it, with Retry-After); the retry that follows is handled normally. `status` and `code` are 0/null here.
   */
  rateLimitNext(matcher: RequestMatcher, retryAfterSeconds = 0.01): void {
    const matches = typeof matcher === "string" ? (request: FakeRequest) => request.route === matcher : matcher;
    this.#rateLimits.push({ matches, retryAfterSeconds });
  }

  /** Turns the Message Content intent off, as in the developer portal: IDENTIFYs asking for it are closed with 4014 from now on. */
  disableMessageContentIntent(): void {
    this.#messageContentIntentEnabled = false;
  }

  /** Gateway connections currently open. */
  get openGatewayConnections(): number {
    return this.#sockets.size;
  }

  /** Resolves once no client is connected to the gateway (at once if none is). */
  waitForGatewayDisconnect(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.#sockets.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#socketCloseListeners.delete(listener);
      };
      const listener = () => {
        if (this.#sockets.size > 0) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`fake Discord: ${this.#sockets.size} gateway connection(s) still open after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#socketCloseListeners.add(listener);
    });
  }

  /** Deletes a channel on the "server" only, as if it vanished while the client's cache still holds it. */
  removeChannel(channelId: string): void {
    this.#requireChannel(channelId).removed = true;
  }

  /** Deletes a channel or thread as Discord does: REST answers 10003 from now on and the client hears CHANNEL_DELETE/THREAD_DELETE. */
  deleteChannel(channelId: string): void {
    const channel = this.#requireChannel(channelId);
    channel.removed = true;
    const payload = this.#channelPayload(channel);
    this.#dispatchToGuild(channel.guildId, channel.thread ? GatewayDispatchEvents.ThreadDelete : GatewayDispatchEvents.ChannelDelete, payload);
  }

  /** Threads (and forum posts) of a channel, oldest first. */
  threadsOf(parentId: string): { id: string; name: string; ownerId: string }[] {
    return [...this.#channels.values()]
      .filter((channel) => channel.thread?.parentId === parentId && !channel.removed)
      .map((channel) => ({ id: channel.config.id, name: channel.config.name, ownerId: channel.thread!.ownerId }));
  }

  /** A member opens a forum post: the thread (THREAD_CREATE) and its starter message, whose id is the thread's. */
  createForumPost(forumId: string, post: { title: string; content: string; authorId?: string; mentionsBot?: boolean }): FakeSentMessage {
    const forum = this.#requireChannel(forumId);
    if (forum.config.type !== ChannelType.GuildForum) throw new Error(`fake Discord: ${forumId} is not a forum channel`);
    const authorId = post.authorId ?? this.humanUserId;
    const thread = this.#addThread(forum, post.title, authorId, this.#nextSnowflake());
    this.#dispatchToGuild(thread.guildId, GatewayDispatchEvents.ThreadCreate, { ...this.#channelPayload(thread), newly_created: true });
    return this.sendMessage({ content: post.content, channelId: thread.config.id, authorId, mentionsBot: post.mentionsBot, messageId: thread.config.id });
  }

  /** Drops every gateway connection; with the default 4000 discord.js reconnects and RESUMEs. */
  async closeGatewayConnections(code: number = GatewayCloseCodes.UnknownError): Promise<void> {
    await Promise.all([...this.#sockets].map((socket) => closeSocket(socket, code, "closed by fake Discord")));
  }

  /**
   * Stops everything. Destroy discord.js clients first; a client still connected
   * here is sent 4004 (unrecoverable for discord.js) so it cannot spin in a reconnect loop.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("fake Discord closed while waiting for a request"));
    }
    this.#waiters.clear();
    const unrecoverable = GatewayCloseCodes.AuthenticationFailed;
    await Promise.all([...this.#sockets].map((socket) => closeSocket(socket, unrecoverable, "fake Discord shut down")));
    this.#webSocketServer.close();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    // The client ends of loopback connections read our FIN in the next poll phase and free their handles in
    // that turn's close phase; a check-phase callback runs after that poll, and a timer after that close phase.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  // -------------------------------------------------------------------------
  // Model

  #nextSnowflake(): string {
    const now = BigInt(Date.now());
    this.#snowflakeIncrement = now === this.#lastSnowflakeTime ? this.#snowflakeIncrement + 1n : 0n;
    this.#lastSnowflakeTime = now;
    return String(((now - DISCORD_EPOCH) << 22n) | (this.#snowflakeIncrement & 0xfffn));
  }

  #addGuild(guild: FakeGuild): void {
    for (const member of guild.members) this.#users.set(member.id, member);
    const firstMember = guild.members[0];
    this.#guilds.set(guild.id, {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId ?? firstMember?.id ?? this.#nextSnowflake(),
      everyonePermissions: guild.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      botRoleId: this.#nextSnowflake(),
      channels: guild.channels,
      memberIds: [this.botUserId, ...guild.members.map((member) => member.id)],
      joinedAt: new Date().toISOString(),
    });
    for (const channel of guild.channels) {
      const overwrites: PermissionOverwrite[] = [];
      if (channel.botCanSend === false) {
        overwrites.push({ id: this.botUserId, type: 1, allow: 0n, deny: BOT_DENIED_WHEN_READ_ONLY });
      }
      this.#channels.set(channel.id, { config: channel, guildId: guild.id, overwrites, removed: false });
    }
  }

  #addThread(parent: ChannelState, name: string, ownerId: string, id: string): ChannelState {
    const thread: ChannelState = {
      config: { id, name, topic: undefined },
      guildId: parent.guildId,
      overwrites: [],
      removed: false,
      thread: { parentId: parent.config.id, ownerId },
    };
    this.#channels.set(id, thread);
    return thread;
  }

  #startThread({ params, body }: RouteContext): RouteResult {
    return this.#withMessage(
      params,
      PermissionFlagsBits.CreatePublicThreads,
      (message) => {
        const parent = this.#requireChannel(message.channel_id);
        if (parent.thread) return discordError(400, 50024, "Cannot execute action on this channel type");
        if (this.#channels.has(message.id)) return discordError(400, 160004, "A thread has already been created for this message");
        const request = isRecord(body) ? body : {};
        const name = typeof request.name === "string" ? request.name : "";
        if (name.length < 1 || name.length > 100) {
          return invalidFormBody({ name: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." }] } });
        }
        const thread = this.#addThread(parent, name, this.botUserId, message.id);
        const payload = this.#channelPayload(thread);
        return { status: 201, body: payload, after: () => this.#dispatchToGuild(thread.guildId, GatewayDispatchEvents.ThreadCreate, { ...payload, newly_created: true }) };
      },
    );
  }

  #defaultChannelId(): string {
    const channelId = this.channelIds[0];
    if (channelId === undefined) throw new Error("fake Discord: the first guild has no channels");
    return channelId;
  }

  #requireChannel(channelId: string): ChannelState {
    const channel = this.#channels.get(channelId);
    if (!channel) throw new Error(`fake Discord: unknown channel ${channelId}`);
    return channel;
  }

  #requireGuild(guildId: string): GuildState {
    const guild = this.#guilds.get(guildId);
    if (!guild) throw new Error(`fake Discord: unknown guild ${guildId}`);
    return guild;
  }

  #roleIdsOf(guild: GuildState, userId: string): string[] {
    return userId === this.botUserId ? [guild.botRoleId] : [];
  }

  /** Discord's permission algorithm: owner, roles, Administrator, then @everyone/role/member overwrites. */
  #permissionsIn(channelId: string, userId: string): bigint {
    const own = this.#requireChannel(channelId);
    // A thread has no overwrites of its own: it takes its parent's.
    const channel = own.thread ? this.#requireChannel(own.thread.parentId) : own;
    const guild = this.#requireGuild(channel.guildId);
    if (userId === guild.ownerId) return ALL_PERMISSIONS;
    const roleIds = this.#roleIdsOf(guild, userId);
    let permissions = guild.everyonePermissions | (roleIds.includes(guild.botRoleId) ? BOT_ROLE_PERMISSIONS : 0n);
    if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
    const applies = (overwrite: PermissionOverwrite) => {
      permissions = (permissions & ~overwrite.deny) | overwrite.allow;
    };
    channel.overwrites.filter((overwrite) => overwrite.id === guild.id).forEach(applies);
    channel.overwrites.filter((overwrite) => overwrite.type === 0 && roleIds.includes(overwrite.id)).forEach(applies);
    channel.overwrites.filter((overwrite) => overwrite.type === 1 && overwrite.id === userId).forEach(applies);
    return permissions;
  }

  #commandId(name: string, channelId: string | undefined): string {
    const guildId = this.#requireChannel(channelId ?? this.#defaultChannelId()).guildId;
    const registered = [...(this.#guildCommands.get(guildId) ?? []), ...this.#globalCommands].find(
      (command) => command.name === name,
    );
    if (registered) return registered.id;
    const known = this.#unregisteredCommandIds.get(name);
    if (known) return known;
    const id = this.#nextSnowflake();
    this.#unregisteredCommandIds.set(name, id);
    return id;
  }

  #userPayload(userId: string): FakeApiUser {
    const user = this.#users.get(userId) ?? { id: userId, username: `user-${userId}` };
    return {
      id: user.id,
      username: user.username,
      discriminator: "0",
      global_name: null,
      avatar: null,
      ...(user.bot ? { bot: true } : {}),
    };
  }

  #memberPayload(guild: GuildState, userId: string): Record<string, unknown> {
    return {
      roles: this.#roleIdsOf(guild, userId),
      joined_at: guild.joinedAt,
      nick: null,
      avatar: null,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  #channelPayload(channel: ChannelState): Record<string, unknown> {
    const { config } = channel;
    if (channel.thread) {
      const parent = this.#requireChannel(channel.thread.parentId);
      return {
        id: config.id,
        type: ChannelType.PublicThread,
        guild_id: channel.guildId,
        name: config.name,
        parent_id: parent.config.id,
        owner_id: channel.thread.ownerId,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        flags: 0,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false, create_timestamp: new Date().toISOString() },
      };
    }
    return {
      ...(config.type === ChannelType.GuildForum ? { available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0, default_thread_rate_limit_per_user: 0 } : {}),
      id: config.id,
      type: config.type ?? ChannelType.GuildText,
      guild_id: channel.guildId,
      name: config.name,
      position: this.#requireGuild(channel.guildId).channels.indexOf(config),
      parent_id: null,
      topic: config.topic ?? null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      permission_overwrites: channel.overwrites.map((overwrite) => ({
        id: overwrite.id,
        type: overwrite.type,
        allow: String(overwrite.allow),
        deny: String(overwrite.deny),
      })),
    };
  }

  #guildCreatePayload(guild: GuildState): Record<string, unknown> {
    const role = (id: string, name: string, permissions: bigint, position: number, botId?: string) => ({
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: String(permissions),
      managed: botId !== undefined,
      mentionable: false,
      flags: 0,
      ...(botId !== undefined ? { tags: { bot_id: botId } } : {}),
    });
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      premium_tier: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: "en-US",
      nsfw_level: 0,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.memberIds.length,
      // @everyone must exist with the guild's id: discord.js adds it to every member's roles.
      roles: [
        role(guild.id, "@everyone", guild.everyonePermissions, 0),
        role(guild.botRoleId, "newsdesk", BOT_ROLE_PERMISSIONS, 1, this.botUserId),
      ],
      channels: guild.channels.map((channel) => this.#channelPayload(this.#requireChannel(channel.id))),
      members: guild.memberIds.map((userId) => ({
        ...this.#memberPayload(guild, userId),
        user: this.#userPayload(userId),
      })),
      threads: [],
      presences: [],
      voice_states: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  #storeMessage(channelId: string, fields: Partial<FakeMessage> & { author: FakeApiUser }): FakeMessage {
    const channel = this.#requireChannel(channelId);
    const message: FakeMessage = {
      id: this.#nextSnowflake(),
      channel_id: channelId,
      guild_id: channel.guildId,
      content: "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: MessageType.Default,
      flags: 0,
      ...fields,
    };
    this.#messages.set(message.id, message);
    return message;
  }

  /** Fields a created message takes from a request body. */
  #messageFieldsFromBody(body: unknown, files: FakeUploadedFile[]): Partial<FakeMessage> {
    const request = isRecord(body) ? body : {};
    return {
      content: typeof request.content === "string" ? request.content : "",
      embeds: Array.isArray(request.embeds)
        ? request.embeds.map((embed: unknown) => ({ type: "rich", ...(isRecord(embed) ? embed : {}) }))
        : [],
      components: Array.isArray(request.components) ? request.components : [],
      flags: typeof request.flags === "number" ? request.flags : 0,
      tts: request.tts === true,
      attachments: files.map((file) => ({
        id: this.#nextSnowflake(),
        filename: file.name,
        size: file.data.length,
        content_type: file.contentType,
        url: `${this.api}/attachments/${file.name}`,
        proxy_url: `${this.api}/attachments/${file.name}`,
      })),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    };
  }

  #applyEdit(message: FakeMessage, body: unknown, files: FakeUploadedFile[]): void {
    const edit = isRecord(body) ? body : {};
    const fields = this.#messageFieldsFromBody(body, files);
    if ("content" in edit) message.content = fields.content ?? "";
    if ("embeds" in edit) message.embeds = fields.embeds ?? [];
    if ("components" in edit) message.components = fields.components ?? [];
    if (files.length > 0) message.attachments = [...message.attachments, ...(fields.attachments ?? [])];
    // Editing a deferred reply ends its "is thinking…" state.
    message.flags &= ~MessageFlags.Loading;
    message.edited_timestamp = new Date().toISOString();
  }

  #replyFields(channel: ChannelState, referencedId: string | undefined): Partial<FakeMessage> {
    if (referencedId === undefined) return {};
    const referenced = this.#messages.get(referencedId);
    return {
      type: MessageType.Reply,
      message_reference: {
        type: 0,
        message_id: referencedId,
        channel_id: channel.config.id,
        guild_id: channel.guildId,
      },
      referenced_message: referenced ? { ...referenced, referenced_message: undefined } : null,
    };
  }

  // -------------------------------------------------------------------------
  // Gateway

  #onGatewayConnection(socket: WebSocket, url: URL): void {
    this.#sockets.add(socket);
    let session: GatewaySession | null = null;
    socket.on("close", (code: number) => {
      this.#sockets.delete(socket);
      for (const listener of this.#socketCloseListeners) listener();
      if (session?.socket !== socket) return;
      session.socket = null;
      // A client closing with 1000/1001 ends its session, as on Discord; other codes keep it resumable.
      if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
    });
    if (url.searchParams.get("v") !== "10") {
      void closeSocket(socket, GatewayCloseCodes.InvalidAPIVersion, "Invalid API version");
      return;
    }
    if (url.searchParams.get("encoding") !== "json") {
      void closeSocket(socket, GatewayCloseCodes.DecodeError, "Only encoding=json is faked");
      return;
    }
    socket.on("message", (raw: RawData) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
      } catch {
        void closeSocket(socket, GatewayCloseCodes.DecodeError, "Error while decoding payload.");
        return;
      }
      const op = typeof payload.op === "number" ? payload.op : -1;
      const data = isRecord(payload.d) ? payload.d : {};
      this.gatewayPayloads.push({ op, d: payload.d, time: Date.now() });
      switch (op) {
        case GatewayOpcodes.Heartbeat:
          socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null }));
          return;
        case GatewayOpcodes.Identify:
          if (session) {
            void closeSocket(socket, GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.");
          } else if (data.token !== this.token) {
            void closeSocket(socket, GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
          } else if (!this.#messageContentIntentEnabled && typeof data.intents === "number" && (data.intents & GatewayIntentBits.MessageContent) !== 0) {
            void closeSocket(socket, GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s).");
          } else {
            const shard = parseShard(data.shard);
            const guilds = shard ? [...this.#guilds.keys()].filter((id) => shardOfGuild(id, shard[1]) === shard[0]).length : 0;
            if (!shard) void closeSocket(socket, GatewayCloseCodes.InvalidShard, "Invalid shard.");
            else if (guilds > this.#maxGuildsPerShard) void closeSocket(socket, GatewayCloseCodes.ShardingRequired, "Sharding required.");
            else session = this.#identify(socket, typeof data.intents === "number" ? data.intents : 0, shard);
          }
          return;
        case GatewayOpcodes.Resume:
          session = this.#resume(socket, data);
          return;
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
        case GatewayOpcodes.RequestGuildMembers:
          if (!session) void closeSocket(socket, GatewayCloseCodes.NotAuthenticated, "Not authenticated.");
          return;
        default:
          void closeSocket(socket, GatewayCloseCodes.UnknownOpcode, "Unknown opcode.");
      }
    });
    const hello = { heartbeat_interval: this.#heartbeatIntervalMs, _trace: ["fake-gateway"] };
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: hello }));
  }

  #identify(socket: WebSocket, intents: number, shard: [number, number]): GatewaySession {
    const session: GatewaySession = { id: randomBytes(16).toString("hex"), intents, shard, socket, sequence: 0, history: [] };
    const guilds = [...this.#guilds.values()].filter((guild) => this.#receives(session, guild.id));
    this.#sessions.set(session.id, session);
    this.#sendDispatch(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...this.#userPayload(this.botUserId), verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ["fake-gateway"],
    });
    // Without the Guilds intent Discord leaves guilds unavailable; discord.js then waits out waitGuildTimeout.
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of guilds) {
        this.#sendDispatch(session, GatewayDispatchEvents.GuildCreate, this.#guildCreatePayload(guild));
      }
    }
    return session;
  }

  #resume(socket: WebSocket, data: Record<string, unknown>): GatewaySession | null {
    const session = typeof data.session_id === "string" ? this.#sessions.get(data.session_id) : undefined;
    if (!session || data.token !== this.token) {
      // d: false tells discord.js to start a fresh session (IDENTIFY).
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return null;
    }
    if (session.socket && session.socket !== socket) {
      void closeSocket(session.socket, GatewayCloseCodes.UnknownError, "Session resumed elsewhere");
    }
    session.socket = socket;
    const sequence = typeof data.seq === "number" ? data.seq : 0;
    for (const missed of session.history.filter((payload) => payload.s > sequence)) socket.send(JSON.stringify(missed));
    this.#sendDispatch(session, GatewayDispatchEvents.Resumed, { _trace: ["fake-gateway"] });
    return session;
  }

  #sendDispatch(session: GatewaySession, event: string, data: unknown): void {
    session.sequence += 1;
    const payload = { op: GatewayOpcodes.Dispatch, t: event, s: session.sequence, d: data };
    session.history.push(payload);
    // While disconnected the event waits in history for RESUME, as on Discord.
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  /** Whether a session gets the guild's events: its shard is the guild's, as on Discord. */
  #receives(session: GatewaySession, guildId: string): boolean {
    const [shardId, shardCount] = session.shard;
    return shardOfGuild(guildId, shardCount) === shardId;
  }

  #requireSessions(guildId: string): GatewaySession[] {
    const sessions = [...this.#sessions.values()];
    if (sessions.length === 0) {
      throw new Error("fake Discord: no client has identified; await client.login(fake.token) and clientReady first");
    }
    const receiving = sessions.filter((session) => this.#receives(session, guildId));
    if (receiving.length === 0) throw new Error(`fake Discord: no identified shard receives guild ${guildId}; wait until every shard is ready`);
    return receiving;
  }

  #dispatchToGuild(guildId: string, event: string, data: unknown): void {
    for (const session of this.#requireSessions(guildId)) this.#sendDispatch(session, event, data);
  }

  /** Mirrors Discord's intent rules: GuildMessages to receive it, MessageContent (or a mention) to see content. */
  #dispatchMessageCreate(message: FakeMessage): void {
    const channel = this.#requireChannel(message.channel_id);
    const guild = this.#requireGuild(channel.guildId);
    const member = message.webhook_id === undefined ? { member: this.#memberPayload(guild, message.author.id) } : {};
    const seesContent = (session: GatewaySession) =>
      (session.intents & GatewayIntentBits.MessageContent) !== 0 ||
      message.author.id === this.botUserId ||
      message.mentions.some((user) => user.id === this.botUserId);
    for (const session of this.#requireSessions(guild.id)) {
      if ((session.intents & GatewayIntentBits.GuildMessages) === 0) continue;
      const payload = seesContent(session)
        ? { ...message, ...member }
        : { ...message, ...member, content: "", embeds: [], attachments: [], components: [] };
      this.#sendDispatch(session, GatewayDispatchEvents.MessageCreate, payload);
    }
  }

  /** Echoes a message the bot created, as Discord does; harmless when no client is connected. */
  #echoMessageCreate(message: FakeMessage): void {
    const guildId = this.#requireChannel(message.channel_id).guildId;
    const received = [...this.#sessions.values()].some((session) => this.#receives(session, guildId));
    if (received && (message.flags & MessageFlags.Ephemeral) === 0) this.#dispatchMessageCreate(message);
  }

  // -------------------------------------------------------------------------
  // REST

  async #onHttpRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = request.method ?? "GET";
    // discord.js always sends /api/v10/…; anything else is logged as-is and answered 404.
    const versioned = url.pathname.startsWith(`${API_PREFIX}/`);
    const segments = versioned ? url.pathname.slice(API_PREFIX.length + 1).split("/").map(decodeURIComponent) : [];
    const query = Object.fromEntries(url.searchParams.entries());
    let parsed: { body: unknown; files: FakeUploadedFile[] } | null;
    try {
      parsed = await parseRequestBody(await readBody(request), request.headers["content-type"]);
    } catch {
      parsed = null;
    }

    const match = versioned ? this.#matchRoute(method, segments) : null;
    const logged: FakeRequest = {
      method,
      path: versioned ? `/${segments.join("/")}` : url.pathname,
      query,
      route: match ? `${match.route.method} ${match.route.template}` : null,
      params: match?.params ?? {},
      body: parsed?.body ?? null,
      files: parsed?.files ?? [],
      status: 0,
      code: null,
      time: Date.now(),
    };
    const rateLimit = this.#rateLimits.find((candidate) => candidate.matches(logged));
    let result: RouteResult;
    if (rateLimit) {
      this.#rateLimits.splice(this.#rateLimits.indexOf(rateLimit), 1);
      result = rateLimited(rateLimit.retryAfterSeconds);
    } else if (!parsed) {
      const code = RESTJSONErrorCodes.RequestBodyContainsInvalidJSON;
      result = discordError(400, code, "The request body contains invalid JSON.");
    } else if (!match) {
      result = discordError(404, 0, "404: Not Found");
    } else if (match.route.needsBotToken && request.headers.authorization !== `Bot ${this.token}`) {
      result = discordError(401, 0, "401: Unauthorized");
    } else {
      result = match.route.handle({ params: match.params, query, body: parsed.body, files: parsed.files });
    }

    logged.status = result.status;
    logged.code = isRecord(result.body) && typeof result.body.code === "number" ? result.body.code : null;
    this.requests.push(logged);
    for (const waiter of this.#waiters) {
      if (!waiter.matches(logged)) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve(logged);
    }
    sendJson(response, result);
    result.after?.();
  }

  #matchRoute(method: string, segments: string[]): { route: Route; params: Record<string, string> } | null {
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((pattern, index) => {
        const segment = segments[index] ?? "";
        if (pattern.startsWith(":")) {
          params[pattern.slice(1)] = segment;
          return true;
        }
        return pattern === segment;
      });
      if (matches) return { route, params };
    }
    return null;
  }

  #buildRoutes(): Route[] {
    const route = (method: string, template: string, handle: Route["handle"], needsBotToken = true): Route => ({
      method,
      template,
      segments: template.split("/").slice(1),
      needsBotToken,
      handle,
    });
    const ok = (body: unknown): RouteResult => ({ status: 200, body });
    const noContent: RouteResult = { status: 204 };
    return [
      route("GET", "/gateway/bot", () =>
        ok({
          url: this.gatewayUrl,
          shards: this.#recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: this.#maxConcurrency },
        }),
      ),
      route("GET", "/gateway", () => ok({ url: this.gatewayUrl }), false),
      route("GET", "/users/@me", () =>
        ok({ ...this.#userPayload(this.botUserId), verified: true, mfa_enabled: false, flags: 0, email: null }),
      ),
      route("GET", "/applications/@me", () =>
        ok({
          id: this.applicationId,
          name: "newsdesk",
          icon: null,
          description: "",
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: "0".repeat(64),
          flags: 0,
          bot: this.#userPayload(this.botUserId),
        }),
      ),
      route("GET", "/channels/:channelId", ({ params }) =>
        this.#withChannel(params, (channel) => ok(this.#channelPayload(channel))),
      ),
      route("POST", "/channels/:channelId/messages", (context) => this.#createChannelMessage(context)),
      route("POST", "/channels/:channelId/messages/:messageId/threads", (context) => this.#startThread(context)),
      route("GET", "/channels/:channelId/messages/:messageId", ({ params }) =>
        this.#withMessage(params, PermissionFlagsBits.ReadMessageHistory, (message) => ok(message)),
      ),
      route("PATCH", "/channels/:channelId/messages/:messageId", ({ params, body, files }) =>
        this.#withMessage(params, 0n, (message) => {
          if (message.author.id !== this.botUserId) {
            const code = RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser;
            return discordError(403, code, "Cannot edit a message authored by another user");
          }
          const problem = validateMessageBody(body, { partial: true, fileCount: files.length });
          if (problem) return problem;
          this.#applyEdit(message, body, files);
          return ok(message);
        }),
      ),
      route("DELETE", "/channels/:channelId/messages/:messageId", ({ params }) =>
        this.#withMessage(params, 0n, (message) => {
          this.#messages.delete(message.id);
          return noContent;
        }),
      ),
      route("PUT", "/channels/:channelId/messages/:messageId/reactions/:emoji/@me", ({ params }) =>
        this.#withMessage(params, PermissionFlagsBits.AddReactions, () => noContent),
      ),
      route("DELETE", "/channels/:channelId/messages/:messageId/reactions/:emoji/@me", ({ params }) =>
        this.#withMessage(params, 0n, () => noContent),
      ),
      route("POST", "/channels/:channelId/typing", ({ params }) =>
        this.#withChannel(params, () => noContent, PermissionFlagsBits.SendMessages),
      ),
      route(
        "POST",
        "/interactions/:interactionId/:interactionToken/callback",
        (context) => this.#interactionCallback(context),
        false,
      ),
      route(
        "GET",
        "/webhooks/:applicationId/:interactionToken/messages/:messageId",
        ({ params }) => this.#withWebhookMessage(params, (message) => ok(message)),
        false,
      ),
      route(
        "PATCH",
        "/webhooks/:applicationId/:interactionToken/messages/:messageId",
        ({ params, body, files }) =>
          this.#withWebhookMessage(params, (message) => {
            const problem = validateMessageBody(body, { partial: true, fileCount: files.length });
            if (problem) return problem;
            this.#applyEdit(message, body, files);
            return ok(message);
          }),
        false,
      ),
      route(
        "DELETE",
        "/webhooks/:applicationId/:interactionToken/messages/:messageId",
        ({ params }) =>
          this.#withWebhookMessage(params, (message) => {
            this.#messages.delete(message.id);
            return noContent;
          }),
        false,
      ),
      route("POST", "/webhooks/:applicationId/:interactionToken", (context) => this.#followUp(context), false),
      route("GET", "/applications/:applicationId/commands", ({ params }) =>
        this.#withApplication(params, () => ok(this.#globalCommands)),
      ),
      route("PUT", "/applications/:applicationId/commands", ({ params, body }) =>
        this.#withApplication(params, () => this.#putCommands(body, undefined)),
      ),
      route("GET", "/applications/:applicationId/guilds/:guildId/commands", ({ params }) =>
        this.#withApplication(params, () =>
          this.#withGuild(params, (guild) => ok(this.#guildCommands.get(guild.id) ?? [])),
        ),
      ),
      route("PUT", "/applications/:applicationId/guilds/:guildId/commands", ({ params, body }) =>
        this.#withApplication(params, () => this.#withGuild(params, (guild) => this.#putCommands(body, guild.id))),
      ),
    ];
  }

  #withChannel(
    params: Record<string, string>,
    handle: (channel: ChannelState) => RouteResult,
    needs = 0n,
  ): RouteResult {
    const channel = this.#channels.get(params.channelId ?? "");
    if (!channel || channel.removed) return discordError(404, RESTJSONErrorCodes.UnknownChannel, "Unknown Channel");
    const permissions = this.#permissionsIn(channel.config.id, this.botUserId);
    if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) {
      return discordError(403, RESTJSONErrorCodes.MissingAccess, "Missing Access");
    }
    if ((permissions & needs) !== needs) {
      return discordError(403, RESTJSONErrorCodes.MissingPermissions, "Missing Permissions");
    }
    return handle(channel);
  }

  #withMessage(
    params: Record<string, string>,
    needs: bigint,
    handle: (message: FakeMessage) => RouteResult,
  ): RouteResult {
    return this.#withChannel(
      params,
      () => {
        const message = this.#messages.get(params.messageId ?? "");
        if (!message || message.channel_id !== params.channelId) {
          return discordError(404, RESTJSONErrorCodes.UnknownMessage, "Unknown Message");
        }
        return handle(message);
      },
      needs,
    );
  }

  #withGuild(params: Record<string, string>, handle: (guild: GuildState) => RouteResult): RouteResult {
    const guild = this.#guilds.get(params.guildId ?? "");
    return guild ? handle(guild) : discordError(404, RESTJSONErrorCodes.UnknownGuild, "Unknown Guild");
  }

  #withApplication(params: Record<string, string>, handle: () => RouteResult): RouteResult {
    return params.applicationId === this.applicationId
      ? handle()
      : discordError(403, RESTJSONErrorCodes.MissingAccess, "Missing Access");
  }

  #createChannelMessage({ params, body, files }: RouteContext): RouteResult {
    return this.#withChannel(
      params,
      (channel) => {
        const problem = validateMessageBody(body, { partial: false, fileCount: files.length });
        if (problem) return problem;
        const request = isRecord(body) ? body : {};
        const reference = isRecord(request.message_reference) ? request.message_reference : null;
        const referencedId = typeof reference?.message_id === "string" ? reference.message_id : undefined;
        const referenceExists = this.#messages.get(referencedId ?? "")?.channel_id === channel.config.id;
        if (referencedId !== undefined && !referenceExists && reference?.fail_if_not_exists !== false) {
          return invalidFormBody({
            message_reference: { _errors: [{ code: "REPLIES_UNKNOWN_MESSAGE", message: "Unknown message" }] },
          });
        }
        const message = this.#storeMessage(channel.config.id, {
          ...this.#messageFieldsFromBody(body, files),
          author: this.#userPayload(this.botUserId),
          ...this.#replyFields(channel, referenceExists ? referencedId : undefined),
        });
        return { status: 200, body: message, after: () => this.#echoMessageCreate(message) };
      },
      PermissionFlagsBits.SendMessages,
    );
  }

  #interactionHandle(state: InteractionState): FakeInteraction {
    const ofThisInteraction = (request: FakeRequest) => request.params.interactionToken === state.token;
    return {
      id: state.id,
      token: state.token,
      requests: () => this.requests.filter(ofThisInteraction),
      originalMessage: () => (state.originalMessageId === null ? undefined : this.#messages.get(state.originalMessageId)),
      waitForCallback: (timeoutMs) =>
        this.waitForRequest(
          (request) =>
            ofThisInteraction(request) &&
            request.route === "POST /interactions/:interactionId/:interactionToken/callback",
          timeoutMs,
        ),
      waitForOriginalEdit: (timeoutMs) =>
        this.waitForRequest(
          (request) =>
            ofThisInteraction(request) &&
            request.route === "PATCH /webhooks/:applicationId/:interactionToken/messages/:messageId" &&
            request.params.messageId === "@original",
          timeoutMs,
        ),
      waitForFollowUp: (timeoutMs) =>
        this.waitForRequest(
          (request) =>
            ofThisInteraction(request) && request.route === "POST /webhooks/:applicationId/:interactionToken",
          timeoutMs,
        ),
    };
  }

  #interactionMessage(state: InteractionState, fields: Partial<FakeMessage>): FakeMessage {
    return this.#storeMessage(state.channelId, {
      ...fields,
      author: this.#userPayload(this.botUserId),
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      type: state.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
      interaction_metadata: {
        id: state.id,
        type: state.type,
        user: this.#userPayload(state.userId),
        authorizing_integration_owners: { "0": state.guildId },
      },
    });
  }

  #interactionCallback({ params, query, body, files }: RouteContext): RouteResult {
    const state = this.#interactions.get(params.interactionId ?? "");
    const unknownInteraction = discordError(404, RESTJSONErrorCodes.UnknownInteraction, "Unknown interaction");
    if (!state || state.token !== params.interactionToken) return unknownInteraction;
    if (state.acknowledged) {
      return discordError(
        400,
        RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
        "Interaction has already been acknowledged.",
      );
    }
    if (this.#now() - state.createdAt > DISCORD_INTERACTION_DEADLINE_MS) return unknownInteraction;

    const callback = isRecord(body) ? body : {};
    const data = isRecord(callback.data) ? callback.data : {};
    const isAutocomplete = state.type === InteractionType.ApplicationCommandAutocomplete;
    const wrongType = invalidFormBody({
      type: {
        _errors: [{ code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "Interaction response type is invalid" }],
      },
    });
    // The message @original refers to afterwards; `created` is set when the response posts a new one.
    let responseMessage: FakeMessage | null = null;
    let created: FakeMessage | null = null;
    switch (callback.type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        if (isAutocomplete) return wrongType;
        const problem = validateMessageBody(data, { partial: false, fileCount: files.length });
        if (problem) return prefixFormErrors(problem, "data");
        created = this.#interactionMessage(state, this.#messageFieldsFromBody(data, files));
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        if (isAutocomplete) return wrongType;
        const ephemeral = typeof data.flags === "number" ? data.flags & MessageFlags.Ephemeral : 0;
        created = this.#interactionMessage(state, { flags: MessageFlags.Loading | ephemeral });
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        const target = this.#messages.get(state.componentMessageId ?? "");
        if (state.type !== InteractionType.MessageComponent || !target) return wrongType;
        if (callback.type === InteractionResponseType.UpdateMessage) {
          const problem = validateMessageBody(data, { partial: true, fileCount: files.length });
          if (problem) return prefixFormErrors(problem, "data");
          this.#applyEdit(target, data, files);
        }
        responseMessage = target;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        if (!isAutocomplete) return wrongType;
        const problem = validateAutocompleteChoices(data);
        if (problem) return problem;
        break;
      }
      case InteractionResponseType.Modal:
        if (isAutocomplete || state.type === InteractionType.ModalSubmit) return wrongType;
        break;
      default:
        return wrongType;
    }
    responseMessage ??= created;
    state.acknowledged = true;
    state.originalMessageId = responseMessage?.id ?? null;
    const echo = created;
    const after = echo ? () => this.#echoMessageCreate(echo) : undefined;
    if (query.with_response !== "true") return { status: 204, after };
    return {
      status: 200,
      after,
      body: {
        interaction: {
          id: state.id,
          type: state.type,
          ...(responseMessage
            ? {
                response_message_id: responseMessage.id,
                response_message_loading: (responseMessage.flags & MessageFlags.Loading) !== 0,
                response_message_ephemeral: (responseMessage.flags & MessageFlags.Ephemeral) !== 0,
              }
            : {}),
        },
        resource: responseMessage ? { type: callback.type, message: responseMessage } : { type: callback.type },
      },
    };
  }

  #withInteractionWebhook(
    params: Record<string, string>,
    handle: (state: InteractionState) => RouteResult,
  ): RouteResult {
    const state = [...this.#interactions.values()].find((candidate) => candidate.token === params.interactionToken);
    // The webhook only exists once the interaction was acknowledged.
    if (!state || !state.acknowledged || params.applicationId !== this.applicationId) {
      return discordError(404, RESTJSONErrorCodes.UnknownWebhook, "Unknown Webhook");
    }
    return handle(state);
  }

  #withWebhookMessage(params: Record<string, string>, handle: (message: FakeMessage) => RouteResult): RouteResult {
    return this.#withInteractionWebhook(params, (state) => {
      const messageId = params.messageId === "@original" ? state.originalMessageId : params.messageId;
      const message = this.#messages.get(messageId ?? "");
      if (!message || message.channel_id !== state.channelId) {
        return discordError(404, RESTJSONErrorCodes.UnknownMessage, "Unknown Message");
      }
      return handle(message);
    });
  }

  #followUp({ params, query, body, files }: RouteContext): RouteResult {
    return this.#withInteractionWebhook(params, (state) => {
      const problem = validateMessageBody(body, { partial: false, fileCount: files.length });
      if (problem) return problem;
      const message = this.#interactionMessage(state, this.#messageFieldsFromBody(body, files));
      const after = () => this.#echoMessageCreate(message);
      return query.wait === "true" ? { status: 200, body: message, after } : { status: 204, after };
    });
  }

  #putCommands(body: unknown, guildId: string | undefined): RouteResult {
    const problem = validateCommands(body);
    if (problem) return problem;
    const existing = guildId === undefined ? this.#globalCommands : (this.#guildCommands.get(guildId) ?? []);
    const commands = (body as Record<string, unknown>[]).map((command): FakeRegisteredCommand => {
      const type = typeof command.type === "number" ? command.type : ApplicationCommandType.ChatInput;
      const name = String(command.name);
      // Discord keeps a command's id when it is overwritten under the same name and type.
      const previous = existing.find((candidate) => candidate.name === name && candidate.type === type);
      return {
        description: "",
        options: [],
        default_member_permissions: null,
        nsfw: false,
        contexts: null,
        integration_types: [0],
        ...command,
        id: previous?.id ?? this.#nextSnowflake(),
        application_id: this.applicationId,
        version: this.#nextSnowflake(),
        name,
        type,
        ...(guildId === undefined ? {} : { guild_id: guildId }),
      };
    });
    if (guildId === undefined) this.#globalCommands.splice(0, this.#globalCommands.length, ...commands);
    else this.#guildCommands.set(guildId, commands);
    return { status: 200, body: commands };
  }
}

/** Interaction callbacks report message errors under `data`. */
function prefixFormErrors(result: RouteResult, key: string): RouteResult {
  if (!isRecord(result.body) || !isRecord(result.body.errors)) return result;
  return { ...result, body: { ...result.body, errors: { [key]: result.body.errors } } };
}
