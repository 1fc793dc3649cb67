using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas.Security;
using R = FemtoScas.Harness.Nas.FiveGmmMessageRules;
using T = FemtoScas.Harness.Nas.FiveGmmMessageType;

namespace FemtoScas.Harness.Nas;

/// <summary>How an initial NAS message (TS 24.501 4.4.6) was sent.</summary>
public enum InitialNasForm
{
    /// <summary>Not an initial NAS message type (nothing of 4.4.6 applies).</summary>
    NotInitial,
    /// <summary>Cleartext IEs only, no NAS message container.</summary>
    CleartextOnly,
    /// <summary>Cleartext IEs and a NAS message container holding the entire message.</summary>
    WithContainer,
    /// <summary>IEs outside the cleartext list sent outside a container: a privacy finding (TS 24.501 4.4.6, TS 33.501 6.4.6).</summary>
    NonCleartextOutside,
}

/// <summary>
/// What the AMF takes from an initial NAS message: the outer message as received, the entire
/// message from the NAS message container when there was one and it decoded, and the findings.
/// </summary>
public sealed record InitialNasOpening(InitialNasForm Form, FiveGmmMessage Outer, FiveGmmMessage? Inner, IReadOnlyList<NasFinding> Findings)
{
    /// <summary>The message the AMF acts on: the container's when it decoded, else the outer one.</summary>
    public FiveGmmMessage Effective => Inner ?? Outer;
}

/// <summary>
/// Protection of initial NAS messages (TS 24.501 4.4.6; TS 33.501 6.4.6). A UE without a valid 5G
/// NAS security context sends REGISTRATION REQUEST or SERVICE REQUEST with the cleartext IEs only
/// and, once security mode control has run, the entire message in the NAS message container of
/// SECURITY MODE COMPLETE. A UE with a valid context sends the cleartext IEs plus a NAS message
/// container whose value is the entire message ciphered with the current context (uplink NAS
/// COUNT of the message, the access's BEARER); the outer message is integrity protected only.
/// The cleartext lists below are as recalled from TS 24.501 V17 4.4.6 (to be checked against the
/// official text); every IE of DEREGISTRATION REQUEST is cleartext. The builders throw only on a
/// harness bug; <see cref="Open"/> and <see cref="FromSecurityModeComplete"/> never throw on what
/// a peer sent and report deviations as findings.
/// </summary>
public static class InitialNasMessage
{
    private const string Clause = "TS 24.501 4.4.6";

    private static readonly HashSet<string> RegistrationCleartext =
    [
        R.RegistrationType, R.NgKsi, R.MobileIdentity, R.UeSecurityCapability, R.AdditionalGuti, R.UeStatus,
        R.EpsNasMessageContainer, "NID", "MS determined PLMN with disaster condition", "Requested PEIPS assistance information", "Requested T3512 value",
    ];

    private static readonly HashSet<string> ServiceCleartext = [R.NgKsi, R.ServiceType, R.STmsi];

    /// <summary>Whether <paramref name="type"/> is an initial NAS message of TS 24.501 4.4.6 that this codec has a table for.</summary>
    public static bool IsInitial(T type) => type is T.RegistrationRequest or T.ServiceRequest or T.DeregistrationRequestUeOriginating;

    /// <summary>Whether IE row <paramref name="name"/> of message <paramref name="type"/> may be sent in clear (false for a type that is not initial).</summary>
    public static bool IsCleartext(T type, string name) => type switch
    {
        T.RegistrationRequest => RegistrationCleartext.Contains(name),
        T.ServiceRequest => ServiceCleartext.Contains(name),
        T.DeregistrationRequestUeOriginating => true,
        _ => false,
    };

    /// <summary>IEs of <paramref name="message"/> that may not be sent in clear (the NAS message container itself excluded).</summary>
    public static IEnumerable<NasIe> NonCleartextIes(FiveGmmMessage message) =>
        message.Ies.Where(ie => ie.Rule?.Name != R.NasMessageContainer && !IsCleartext(message.Type, ie.Rule?.Name ?? ""));

    /// <summary>The message a UE without a valid security context sends first: <paramref name="full"/> reduced to its cleartext IEs.</summary>
    public static FiveGmmMessage CleartextOnly(FiveGmmMessage full)
    {
        RequireInitial(full);
        return full with { Ies = [.. full.Ies.Where(ie => ie.Rule is { } r && r.Name != R.NasMessageContainer && IsCleartext(full.Type, r.Name))] };
    }

    /// <summary>
    /// The outer message a UE with a valid context sends: the cleartext IEs of <paramref name="full"/>
    /// and a NAS message container holding <paramref name="containerValue"/> (the entire message,
    /// ciphered by <see cref="CipherContainer"/>), in table order.
    /// </summary>
    public static FiveGmmMessage WithContainer(FiveGmmMessage full, byte[] containerValue)
    {
        var outer = CleartextOnly(full);
        var row = outer.Rule!.Find(R.NasMessageContainer) ?? throw new ArgumentException($"{outer.Rule.Name} has no NAS message container", nameof(full));
        var order = outer.Rule.Ies.ToList();
        return outer with { Ies = [.. outer.Ies.Append(NasIe.Of(row, containerValue)).OrderBy(ie => order.IndexOf(ie.Rule!))] };
    }

    /// <summary>
    /// Ciphers (or deciphers: NEA is an XOR) the entire initial message for the NAS message
    /// container with the current context, the message's uplink NAS COUNT and the access's BEARER.
    /// </summary>
    public static byte[] CipherContainer(ReadOnlySpan<byte> message, INrKeyedCipher ciphering, NasCount count, byte bearer = 0)
    {
        var output = new byte[message.Length];
        ciphering.Apply(count.Value, bearer, NrDirection.Uplink, message, output);
        return output;
    }

    /// <summary>
    /// A UE with a valid context: the outer message (cleartext IEs + ciphered container), integrity
    /// protected but not ciphered (security header type 1) with <paramref name="count"/>. When
    /// <paramref name="full"/> has only cleartext IEs no container is needed and the message itself is protected.
    /// </summary>
    public static SecurityProtectedNasMessage ProtectWithContext(FiveGmmMessage full, NasProtection protection, NasCount count)
    {
        RequireInitial(full);
        var outer = NonCleartextIes(full).Any() && full.Type != T.DeregistrationRequestUeOriginating
            ? WithContainer(full, CipherContainer(FiveGmmMessageWriter.Write(full), protection.Ciphering, count, protection.Bearer))
            : full;
        return protection.Protect(FiveGmmMessageWriter.Write(outer), NasSecurityHeaderType.IntegrityProtected, count, NrDirection.Uplink);
    }

    /// <summary>
    /// The AMF's reading of an initial NAS message as received (plain, or the verified inner
    /// message of a protected one). <paramref name="decipher"/> turns the container value into the
    /// plain message (e.g. <see cref="CipherContainer"/> with the context that verified the MAC);
    /// null when the AMF has no context, and the container then stays unread (Inner null).
    /// </summary>
    public static InitialNasOpening Open(FiveGmmMessage outer, Func<byte[], byte[]>? decipher = null)
    {
        var findings = new List<NasFinding>();
        if (!IsInitial(outer.Type)) return new(InitialNasForm.NotInitial, outer, null, findings);
        var exposed = NonCleartextIes(outer).ToList();
        foreach (var ie in exposed)
            findings.Add(NasFindingKind.NonCleartextIe, ie.Offset, $"{outer.Rule?.Name}: {ie.Name} sent outside the NAS message container", Clause);
        var container = outer.Find(R.NasMessageContainer);
        if (container is null)
            return new(exposed.Count > 0 ? InitialNasForm.NonCleartextOutside : InitialNasForm.CleartextOnly, outer, null, findings);
        var form = exposed.Count > 0 ? InitialNasForm.NonCleartextOutside : InitialNasForm.WithContainer;
        if (decipher is null) return new(form, outer, null, findings);
        byte[] plain;
        try
        {
            plain = decipher(container.Value);
        }
        catch (ArgumentException e)
        {
            // A decipher delegate that refuses the octets (wrong length) is reported, not thrown.
            findings.Add(NasFindingKind.InvalidValue, container.Offset, $"NAS message container could not be deciphered: {e.Message}", Clause);
            return new(form, outer, null, findings);
        }
        var inner = ReadInner(plain, outer, container.Offset, findings);
        return new(form, outer, inner, findings);
    }

    /// <summary>
    /// The entire initial message that SECURITY MODE COMPLETE carries (TS 24.501 5.4.2.3, 4.4.6):
    /// read from its NAS message container and checked against the <paramref name="initial"/>
    /// message the UE sent first. <paramref name="required"/>: the AMF asked for it (RINMR) or the
    /// initial message had cleartext IEs only, so a missing container is a finding.
    /// </summary>
    public static InitialNasOpening FromSecurityModeComplete(FiveGmmMessage complete, FiveGmmMessage initial, bool required)
    {
        var findings = new List<NasFinding>();
        if (complete.Type != T.SecurityModeComplete)
        {
            findings.Add(NasFindingKind.InvalidValue, 2, $"{complete.Rule?.Name ?? complete.Type.ToString()} is not SECURITY MODE COMPLETE", "TS 24.501 5.4.2.3");
            return new(InitialNasForm.NotInitial, complete, null, findings);
        }
        if (complete.Find(R.NasMessageContainer) is not { } container)
        {
            if (required)
                findings.Add(NasFindingKind.MissingMandatoryIe, -1, "SECURITY MODE COMPLETE without the NAS message container the initial message needs", "TS 24.501 5.4.2.3");
            return new(InitialNasForm.CleartextOnly, initial, null, findings);
        }
        var inner = ReadInner(container.Value, initial, container.Offset, findings);
        return new(InitialNasForm.WithContainer, initial, inner, findings);
    }

    private static FiveGmmMessage? ReadInner(byte[] plain, FiveGmmMessage outer, int offset, List<NasFinding> findings)
    {
        var innerFindings = new List<NasFinding>();
        var inner = FiveGmmMessageReader.Read(plain, innerFindings);
        // Offsets inside the container are reported from the container's value; say so in the text.
        foreach (var f in innerFindings) findings.Add(f with { What = $"in the NAS message container: {f.What}" });
        if (inner is null)
        {
            findings.Add(NasFindingKind.InvalidValue, offset, "NAS message container does not hold a readable 5GMM message", Clause);
            return null;
        }
        if (inner.Type != outer.Type)
        {
            findings.Add(NasFindingKind.InvalidValue, offset, $"NAS message container holds {inner.Rule?.Name ?? inner.Type.ToString()}, the initial message is {outer.Rule?.Name}", Clause);
            return null;
        }
        if (inner.Find(R.NasMessageContainer) is not null)
            findings.Add(NasFindingKind.InvalidValue, offset, "NAS message container holds a message with a NAS message container of its own (not opened)", Clause);
        foreach (var ie in outer.Ies.Where(ie => ie.Rule is { } r && r.Name != R.NasMessageContainer && IsCleartext(outer.Type, r.Name)))
        {
            if (inner.Find(ie.Rule!.Name) is not { } same || !same.Value.AsSpan().SequenceEqual(ie.Value))
                findings.Add(NasFindingKind.InvalidValue, offset, $"{ie.Name} in the NAS message container differs from the cleartext one", Clause);
        }
        return inner;
    }

    private static void RequireInitial(FiveGmmMessage message)
    {
        if (!IsInitial(message.Type)) throw new ArgumentException($"{message.Rule?.Name ?? message.Type.ToString()} is not an initial NAS message", nameof(message));
    }
}
