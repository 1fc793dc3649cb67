namespace FemtoScas.Harness.Interception;

/// <summary>A decision the engine took at a <see cref="DecisionPoint{T}"/>: its value and why.</summary>
public sealed record EngineDecision<T>(T Value, string Reason);

/// <summary>
/// A named place where a role is about to act on a decision of its own (a certificate chain
/// verdict, an EAP outcome, ...). The type parameter is what is decided, so a hook can only hand
/// back a decision of the same kind.
/// </summary>
public sealed class DecisionPoint<T>(string name)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

/// <summary>One decision a hook replaced: where, what the engine decided and why, and what it was replaced by.</summary>
public sealed record DecisionOverride(string Point, string EngineValue, string EngineReason, string Value, string Reason, DateTimeOffset At)
{
    public override string ToString() => $"{Point}: engine decided {EngineValue} ({EngineReason}), overridden to {Value} ({Reason})";
}

/// <summary>
/// The interception points a role offers for misbehaviour (the harness's own manoeuvres and an
/// emulated device's faults alike): message hooks in the derived classes, and decision hooks here.
/// A decision hook receives the engine's own decision and returns a replacement, or null to let it
/// stand. Every replacement is recorded in <see cref="Overridden"/> and raised as
/// <see cref="DecisionOverridden"/>, so evidence shows that a role did not act on its own judgement.
/// </summary>
public abstract class InterceptionPoints
{
    /// <summary>Recorded overrides kept in <see cref="Overridden"/> (per-packet points can fire often); <see cref="OverrideCount"/> counts all.</summary>
    public const int MaxRecorded = 1000;

    private readonly Dictionary<object, Delegate> _decisionHooks = [];
    private readonly List<DecisionOverride> _overridden = [];
    private long _overrideCount;

    /// <summary>Raised (on the role's thread) for every overridden decision; keep handlers short.</summary>
    public event Action<DecisionOverride>? DecisionOverridden;

    /// <summary>The overrides so far, oldest first (at most <see cref="MaxRecorded"/>).</summary>
    public IReadOnlyList<DecisionOverride> Overridden
    {
        get
        {
            lock (_overridden) return _overridden.ToList();
        }
    }

    public long OverrideCount => Interlocked.Read(ref _overrideCount);

    /// <summary>Registers the hook of <paramref name="point"/>, replacing an earlier one.</summary>
    public void OnDecision<T>(DecisionPoint<T> point, Func<EngineDecision<T>, EngineDecision<T>?> hook)
    {
        lock (_decisionHooks) _decisionHooks[point] = hook;
    }

    /// <summary>
    /// The decision the role acts on: the engine's own when no hook is registered or the hook lets it
    /// stand, else the hook's, recorded as an override.
    /// </summary>
    internal EngineDecision<T> Decide<T>(DecisionPoint<T> point, EngineDecision<T> engine) =>
        Hook(point) is { } hook ? Decide(point, hook, engine) : engine;

    /// <summary>
    /// As <see cref="Decide{T}(DecisionPoint{T}, EngineDecision{T})"/> for hot paths (a check per
    /// packet): the reason is only put into words when a hook is registered.
    /// </summary>
    internal T Decide<T>(DecisionPoint<T> point, T value, Func<string> reason) =>
        Hook(point) is { } hook ? Decide(point, hook, new EngineDecision<T>(value, reason())).Value : value;

    private Func<EngineDecision<T>, EngineDecision<T>?>? Hook<T>(DecisionPoint<T> point)
    {
        lock (_decisionHooks) return _decisionHooks.TryGetValue(point, out var registered) ? (Func<EngineDecision<T>, EngineDecision<T>?>)registered : null;
    }

    private EngineDecision<T> Decide<T>(DecisionPoint<T> point, Func<EngineDecision<T>, EngineDecision<T>?> hook, EngineDecision<T> engine)
    {
        if (hook(engine) is not { } replaced
            || EqualityComparer<T>.Default.Equals(replaced.Value, engine.Value))
        {
            return engine;
        }

        var record = new DecisionOverride(point.Name, Describe(engine.Value), engine.Reason, Describe(replaced.Value), replaced.Reason, DateTimeOffset.UtcNow);
        Interlocked.Increment(ref _overrideCount);
        lock (_overridden)
        {
            if (_overridden.Count < MaxRecorded) _overridden.Add(record);
        }

        DecisionOverridden?.Invoke(record);
        return replaced;
    }

    private static string Describe<T>(T value) => value?.ToString() ?? "(none)";
}
