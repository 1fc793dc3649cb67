using System.Diagnostics.CodeAnalysis;

namespace FemtoScas.Harness.Crypto;

/// <summary>
/// Why a crypto operation refused its input: an unsupported transform ID, a peer public
/// value outside the group, an ICV that does not match. Reason is safe to log (it never
/// holds key bytes); Reference names the clause that makes the input wrong.
/// </summary>
public sealed record CryptoFailure(string Reason, string Reference)
{
    public override string ToString() => $"{Reason} ({Reference})";
}

/// <summary>
/// Success with a value, or a <see cref="CryptoFailure"/>. Everything a DUT can influence
/// (peer key shares, ciphertext, signatures, proposed IDs) comes back through this type so
/// a misbehaving peer becomes a finding, never an exception.
/// </summary>
public sealed class CryptoResult<T>
    where T : notnull
{
    private readonly T? _value;

    private CryptoResult(T? value, CryptoFailure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public CryptoFailure? Failure { get; }

    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    /// <summary>The value; asking for it after a failure is a harness bug.</summary>
    public T Value => IsSuccess
        ? _value!
        : throw new InvalidOperationException($"crypto result used although it failed: {Failure}");

    public bool TryGetValue([NotNullWhen(true)] out T? value)
    {
        value = _value;
        return IsSuccess;
    }

    public static CryptoResult<T> Ok(T value) => new(value, null);

    public static CryptoResult<T> Fail(string reason, string reference) => new(default, new CryptoFailure(reason, reference));

    public static CryptoResult<T> Fail(CryptoFailure failure) => new(default, failure);

    public override string ToString() => IsSuccess ? $"Ok({typeof(T).Name})" : $"Fail({Failure})";
}
