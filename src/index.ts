/**
 * The xpander.ai Tasks API client.
 *
 * @module xpander-tasks
 */
export { Configuration, type ConfigurationOptions } from './configuration.js';
export { ModuleException, type ErrorKind, type ModuleExceptionOptions, type ValidationIssue } from './core/errors.js';
export type { Given, Known } from './core/types.js';
export type { RequestOptions } from './core/request.js';
export type { DebugLogger, DebugRecord } from './core/log.js';
export { Task, type SaveOptions } from './task.js';
export type { EventsOptions, MalformedEvent, TaskEventEnvelope, TaskUpdateEvent } from './events/types.js';
export { isKnownEventType } from './events/known.js';
export type { TaskEventStream } from './events/stream.js';
export {
  followRelay,
  readTaskEvents,
  toEventStream,
  toSSEResponse,
  toSSEStream,
  toUIMessageStream,
  toUIMessageStreamResponse,
  type Events as TaskEvents,
  type FollowRelayOptions,
  type HeadersLike,
  type ReadOptions,
  type RelayedEvent,
  type RelayFilter,
  type RelaySource,
  type SSEResponseOptions,
  type SSEStreamOptions,
  type UIMessageChunk,
  type UIMessageStreamOptions,
} from './relay/index.js';
export { TasksListItem } from './tasks-list-item.js';
export {
  isApprovalPause,
  isAuthPause,
  isQuestionPause,
  isTerminal,
  type ApprovalPause,
  type AuthPause,
  type QuestionPause,
  type TaskPause,
  type UnknownPause,
} from './wait/pause.js';
export type { RunOptions, StopOptions, WaitOptions } from './wait/types.js';
export type {
  InferOutput,
  StandardFailure,
  StandardIssue,
  StandardPathSegment,
  StandardResult,
  StandardSchemaProps,
  StandardSchemaV1,
  StandardSuccess,
  StandardTypes,
} from './wait/standard-schema.js';
export {
  Tasks,
  type CreateTaskParams,
  type TaskListFilters,
  type UpdateTaskParams,
  type UserTaskListFilters,
} from './tasks.js';
export {
  AgentExecutionStatus,
  OutputFormat,
  ThinkMode,
  TaskUpdateEventType,
  LlmReasoningEffort as LLMReasoningEffort,
  McpServerType as MCPServerType,
  McpTransport as MCPTransport,
  McpServerAuthType as MCPServerAuthType,
  McpoAuthResponseType as MCPOAuthResponseType,
} from '../generated/types.gen.js';
export type {
  ActivityReasoning,
  TaskReportRequest,
  UpdateTaskRequest,
  McpoAuthGetTokenResponse as MCPOAuthGetTokenResponse,
  TasksListItem as TasksListItemData,
  ToolCallReasoning,
  AgentActivityThread,
  AgentActivityThreadAuth,
  AgentActivityThreadEntry,
  AgentActivityThreadMessage,
  AgentActivityThreadReasoning,
  AgentActivityThreadSubAgentTrigger,
  AgentActivityThreadToolCall,
  AgentExecutionInput,
  DeepPlanning,
  DeepPlanningItem,
  ExecutionTokens,
  HumanInTheLoopRequest,
  McpServerDetails as MCPServerDetails,
  PendingEcaRequest as PendingECARequest,
  Task as TaskData,
  TaskCompactizationEvent,
  Tokens,
  ToolCallRequest,
  ToolCallResult,
  User,
  HttpValidationError as HTTPValidationError,
  ValidationIssue as HTTPValidationIssue,
} from '../generated/types.gen.js';
export {
  isActivityAuth,
  isActivityMessage,
  isActivityReasoning,
  isActivitySubAgentTrigger,
  isActivityToolCall,
  type ActivityEntry,
} from './activity.js';
export type { ExternalTaskReport } from './reports.js';
// Straight from their modules, not through attachments/index.ts: the download helpers stay
// out of the core chunk (Task loads them at first use).
export { categorizeFiles, type CategorizedFiles } from './attachments/categorize.js';
export { pythonJsonDumps, type PythonJsonValue } from './attachments/python-json.js';
export type { AttachmentFile, AttachmentImage, ReadableFile } from './attachments/helpers.js';
export type { AttachmentOptions } from './attachments/options.js';
export type { NetworkPolicy } from './attachments/network-guard.js';
export type { ContentPart, FileContentPart, ImageContentPart, TextContentPart } from './attachments/content-parts.js';
