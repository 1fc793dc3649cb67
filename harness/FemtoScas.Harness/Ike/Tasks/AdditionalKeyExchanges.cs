using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>The RFC 9370 additional key exchanges of a proposal and their negotiation in IKE_SA_INIT.</summary>
internal static class AdditionalKeyExchanges
{
    /// <summary>Every ADDKE transform of a proposal (types 6..12), NONE included.</summary>
    public static IEnumerable<Transform> Of(Proposal proposal) =>
        proposal.Transforms.Where(t => Ikev2Registry.AdditionalKeyExchangeIndex(t.Type) > 0);

    /// <summary>The exchanges a chosen proposal requires, in type order (RFC 9370 2.2.2), NONE left out.</summary>
    public static IReadOnlyList<AdditionalKeyExchange> Required(Proposal chosen) =>
        [.. Of(chosen).Where(t => t.Id != (ushort)DhGroupId.None).OrderBy(t => t.Type).Select(t => new AdditionalKeyExchange(t.Type, (DhGroupId)t.Id))];

    /// <summary>
    /// Records the chosen proposal's additional exchanges on the SA; null when each is a key
    /// encapsulation the crypto provider implements, otherwise why the choice is unusable.
    /// </summary>
    public static string? Check(TaskContext context, Proposal chosen)
    {
        var sa = context.Sa;
        sa.AdditionalKeyExchanges = Required(chosen);
        foreach (var exchange in sa.AdditionalKeyExchanges)
        {
            var kem = context.Crypto.CreateKeyEncapsulation(exchange.Method);
            if (!kem.IsSuccess)
            {
                return $"{exchange}: {kem.Failure}";
            }
        }

        if (sa.AdditionalKeyExchanges.Count > 0 && !sa.PeerSupportsIntermediate)
        {
            context.Finding(-1, $"additional key exchange(s) {string.Join(", ", sa.AdditionalKeyExchanges)} negotiated but the peer did not announce INTERMEDIATE_EXCHANGE_SUPPORTED", "RFC 9242 3.1, RFC 9370 2.2.1");
        }

        return null;
    }
}
