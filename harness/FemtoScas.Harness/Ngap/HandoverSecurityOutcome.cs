using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// One handover-in trial: the UE security capabilities the AMF offers in HANDOVER REQUEST and the AS algorithms the
/// harness-played source claims it uses (in the HandoverPreparationInformation's sourceConfig).
/// </summary>
public sealed record HandoverSecurityPlan(string Name, ushort NiaOffered, ushort NeaOffered, NrIntegrityAlgorithm SourceNia, NrEncryptionAlgorithm SourceNea)
{
    /// <summary>
    /// Two trials against the target's configured lists (the profile's, else NIA2&gt;NIA1&gt;NIA3 / NEA2&gt;NEA1&gt;NEA3&gt;NEA0 as
    /// a plan only; the judgement needs the profile's): (1) the UE supports 128-NIA1..3 / 128-NEA1..3; (2) the UE lacks the
    /// lists' first non-null entries. In both the source claims an algorithm the UE supports that is NOT the expected one
    /// where one exists, so a target that keeps the source's algorithms shows.
    /// </summary>
    public static IReadOnlyList<HandoverSecurityPlan> For(AsAlgorithmPriority? lists)
    {
        IReadOnlyList<NrIntegrityAlgorithm> integrity = lists?.Integrity is { Count: > 0 } i ? i : [NrIntegrityAlgorithm.Nia2, NrIntegrityAlgorithm.Nia1, NrIntegrityAlgorithm.Nia3];
        IReadOnlyList<NrEncryptionAlgorithm> ciphering = lists?.Ciphering is { Count: > 0 } c ? c : [NrEncryptionAlgorithm.Nea2, NrEncryptionAlgorithm.Nea1, NrEncryptionAlgorithm.Nea3, NrEncryptionAlgorithm.Nea0];
        const ushort all = 0xE000;
        var firstNia = integrity.FirstOrDefault(a => a != NrIntegrityAlgorithm.Nia0, NrIntegrityAlgorithm.Nia2);
        var firstNea = ciphering.FirstOrDefault(a => a != NrEncryptionAlgorithm.Nea0, NrEncryptionAlgorithm.Nea2);
        var niaWithout = (ushort)(all & ~AsAlgorithmMasks.Bit((int)firstNia));
        var neaWithout = (ushort)(all & ~AsAlgorithmMasks.Bit((int)firstNea));
        return
        [
            Plan("UE supports 128-NIA1..3 and 128-NEA1..3; the source claims other algorithms", all, all, integrity, ciphering),
            Plan($"UE lacks {firstNia} and {firstNea} (the lists' first entries); the source claims other algorithms", niaWithout, neaWithout, integrity, ciphering),
        ];
    }

    private static HandoverSecurityPlan Plan(string name, ushort nia, ushort nea, IReadOnlyList<NrIntegrityAlgorithm> integrity, IReadOnlyList<NrEncryptionAlgorithm> ciphering)
    {
        var expectedNia = AsAlgorithmMasks.Expected(integrity, nia);
        var expectedNea = AsAlgorithmMasks.Expected(ciphering, nea);
        // The source's claim: a supported NIA1-3 / NEA1-3 other than the expected one, preferring the highest identity.
        int[] order = [3, 2, 1];
        var sourceNia = order.Where(a => AsAlgorithmMasks.Offers(nia, a) && a != (int?)expectedNia).Select(a => (NrIntegrityAlgorithm)a).FirstOrDefault(expectedNia ?? NrIntegrityAlgorithm.Nia1);
        var sourceNea = order.Where(a => AsAlgorithmMasks.Offers(nea, a) && a != (int?)expectedNea).Select(a => (NrEncryptionAlgorithm)a).FirstOrDefault(expectedNea ?? NrEncryptionAlgorithm.Nea1);
        return new(name, nia, nea, sourceNia, sourceNea);
    }
}

/// <summary>The NR algorithm masks of NGAP's UE Security Capabilities (TS 38.413 9.3.1.86: first bit = algorithm 1) and the selection rule of TS 33.501 6.7.3.0.</summary>
public static class AsAlgorithmMasks
{
    public static ushort Bit(int id) => id is >= 1 and <= 16 ? (ushort)(0x8000 >> (id - 1)) : (ushort)0;

    public static bool Offers(ushort mask, int id) => (mask & Bit(id)) != 0;

    /// <summary>The first entry of <paramref name="priority"/> the mask holds (algorithm 0, the null one, needs no bit); null when none.</summary>
    public static T? Expected<T>(IReadOnlyList<T> priority, ushort mask) where T : struct, Enum
    {
        foreach (var a in priority)
        {
            var id = Convert.ToInt32(a, System.Globalization.CultureInfo.InvariantCulture);
            if (id == 0 || Offers(mask, id)) return a;
        }
        return null;
    }
}

/// <summary>What one handover-in trial saw: the answer, the HandoverCommand's decoded parts, and findings on the way.</summary>
public sealed record HandoverSecurityOutcome(HandoverSecurityPlan Plan, int NccSent, HandoverAnswer Answer, Cause? Cause, RrcReconfiguration? Command,
    ReconfigurationWithSync? WithSync, IReadOnlyList<string> Findings, string Why, byte[] Preparation, byte[]? CommandOctets)
{
    public SecurityAlgorithmConfig? Algorithms => Command?.RadioBearers?.Security?.Algorithms;
}
