/**
 * The Standard Schema interface (https://standardschema.dev, v1) that zod, valibot, arktype
 * and others implement: declared here, as its authors intend, so the SDK depends on none of them.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The validator's Standard Schema properties. */
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

/** What a Standard Schema validator exposes under `~standard`. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  /** The version of the interface: 1. */
  readonly version: 1;
  /** The library that made the validator (`zod`, `valibot`…). */
  readonly vendor: string;
  /** Validates a value: its output, or the issues found. */
  readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
  /** The static types of the input and output, for inference only. */
  readonly types?: StandardTypes<Input, Output> | undefined;
}

/** The static types of a validator, for inference only. */
export interface StandardTypes<Input, Output> {
  /** What it accepts. */
  readonly input: Input;
  /** What it outputs. */
  readonly output: Output;
}

/** What `validate` returns: the value, or the issues. */
export type StandardResult<Output> = StandardSuccess<Output> | StandardFailure;

/** A value that passed validation. */
export interface StandardSuccess<Output> {
  /** The validated (and possibly transformed) value. */
  readonly value: Output;
  /** Absent on success. */
  readonly issues?: undefined;
}

/** A value that did not pass. */
export interface StandardFailure {
  /** Every problem found. */
  readonly issues: ReadonlyArray<StandardIssue>;
}

/** One problem a validator found. */
export interface StandardIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where: keys, or segments holding a key. */
  readonly path?: ReadonlyArray<PropertyKey | StandardPathSegment> | undefined;
}

/** A segment of an issue's path. */
export interface StandardPathSegment {
  /** The key at this level. */
  readonly key: PropertyKey;
}

/** The type a Standard Schema validator outputs. */
export type InferOutput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['output'];
