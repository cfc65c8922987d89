using Holon.Gen.Emitting.Backend;

namespace Holon.Gen.Emitting;

/// <summary>What every emitter part writes with: the writer, the backend seam and the plan of names.</summary>
internal sealed record EmitContext(IndentedWriter W, BackendEmitter Backend, EmitPlan Plan);
