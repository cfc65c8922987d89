// Timing figures (timeouts, cancellation latency, read p99) mean something only when the tests of this
// assembly do not compete with each other for the machine's two cores.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
