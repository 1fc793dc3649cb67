using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// One RFC 9370 additional key exchange over RFC 9242 IKE_INTERMEDIATE, here with a KEM (ML-KEM):
///   HDR, SK{KEi(n)} -->           (KEi: the initiator's encapsulation key)
///                   &lt;-- HDR, SK{KEr(n)}   (KEr: the ciphertext encapsulated to it)
/// Both messages are protected with the keys in force; once both are sent and received,
/// <see cref="Complete"/> chains them into IntAuth and updates SKEYSEED and SK_* (RFC 9370 2.2.2).
/// </summary>
internal sealed class IkeIntermediateTask : IIkeTask
{
    private byte[]? _ciphertext;

    private static AdditionalKeyExchange? Next(IkeSa sa) =>
        sa.CompletedAdditionalKeyExchanges < sa.AdditionalKeyExchanges.Count ? sa.AdditionalKeyExchanges[sa.CompletedAdditionalKeyExchanges] : null;

    public void BuildRequest(TaskContext context, List<IkePayload> payloads)
    {
        var sa = context.Sa;
        var next = Next(sa) ?? throw new InvalidOperationException("IKE_INTERMEDIATE asked for with no additional key exchange pending");
        // The chosen method is one we offered, and we offer only methods the provider implements.
        var kem = context.Crypto.CreateKeyEncapsulation(next.Method).Value;
        sa.KemKeyPair?.Dispose();
        sa.KemKeyPair = kem.GenerateKeyPair(context.Random);
        payloads.Add(new KeyExchangePayload((ushort)next.Method, sa.KemKeyPair.EncapsulationKey));
    }

    public TaskResult ProcessRequest(TaskContext context, ReceivedMessage request)
    {
        var sa = context.Sa;
        if (Next(sa) is not { } next)
        {
            return Refuse(context, "IKE_INTERMEDIATE request after every negotiated additional key exchange completed", "RFC 9370 2.2.2");
        }

        if (request.Find<KeyExchangePayload>() is not { } ke)
        {
            return Refuse(context, $"IKE_INTERMEDIATE request for {next} lacks KE", "RFC 9370 2.2.2");
        }

        if (ke.Group != (ushort)next.Method)
        {
            return Refuse(context, $"KEi of the IKE_INTERMEDIATE for {next} uses method {ke.Group}", "RFC 9370 2.2.2");
        }

        var kem = context.Crypto.CreateKeyEncapsulation(next.Method);
        if (!kem.IsSuccess)
        {
            return Refuse(context, kem.Failure.Reason, kem.Failure.Reference);
        }

        var encapsulated = kem.Value.Encapsulate(ke.Data.Span, context.Random);
        if (!encapsulated.IsSuccess)
        {
            return Refuse(context, encapsulated.Failure.Reason, encapsulated.Failure.Reference);
        }

        _ciphertext = encapsulated.Value.Ciphertext;
        sa.PendingAdditionalSecret?.Dispose();
        sa.PendingAdditionalSecret = encapsulated.Value.SharedSecret;
        return TaskResult.Ok;
    }

    public void BuildResponse(TaskContext context, List<IkePayload> payloads) =>
        payloads.Add(new KeyExchangePayload((ushort)Next(context.Sa)!.Method, _ciphertext ?? throw new InvalidOperationException("no ciphertext to answer with")));

    public TaskResult ProcessResponse(TaskContext context, ReceivedMessage response)
    {
        var sa = context.Sa;
        var next = Next(sa)!;
        if (response.FirstError is { } error)
        {
            return TaskResult.PeerError(error.NotifyType);
        }

        if (response.Find<KeyExchangePayload>() is not { } ke)
        {
            context.Finding(-1, $"IKE_INTERMEDIATE response for {next} lacks KE", "RFC 9370 2.2.2");
            return TaskResult.Fatal(null, $"IKE_INTERMEDIATE response for {next} lacks KE");
        }

        if (ke.Group != (ushort)next.Method)
        {
            var what = $"KEr of the IKE_INTERMEDIATE for {next} uses method {ke.Group}";
            context.Finding(-1, what, "RFC 9370 2.2.2");
            return TaskResult.Fatal(null, what);
        }

        var secret = sa.KemKeyPair!.Decapsulate(ke.Data.Span);
        if (!secret.IsSuccess)
        {
            context.Finding(-1, secret.Failure.Reason, secret.Failure.Reference);
            return TaskResult.Fatal(null, secret.Failure.ToString());
        }

        sa.PendingAdditionalSecret?.Dispose();
        sa.PendingAdditionalSecret = secret.Value;
        return TaskResult.Ok;
    }

    /// <summary>
    /// After the exchange (request and response as sent): IntAuth over both with the current SK_pi/SK_pr,
    /// then SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr) and the seven keys again from prf+(SKEYSEED(n),
    /// Ni | Nr | SPIi | SPIr) (RFC 9370 2.2.2). Null when done; otherwise why not.
    /// </summary>
    public static string? Complete(IkeSa sa, byte[] request, byte[] response)
    {
        using var secret = sa.PendingAdditionalSecret;
        sa.PendingAdditionalSecret = null;
        if (secret is null)
        {
            return "no shared secret from the additional key exchange";
        }

        if (IntermediateAuth.Chunk(sa, request, true) is not { } requestChunk || IntermediateAuth.Chunk(sa, response, false) is not { } responseChunk)
        {
            return "an IKE_INTERMEDIATE message as sent cannot be opened for IntAuth (RFC 9242 3.3.2)";
        }

        IntermediateAuth.Chain(sa, requestChunk, responseChunk);
        sa.SupersedeKeys(Esp.WiresharkKeyTables.IkeV2Row(sa));
        var suite = sa.Suite!;
        var old = sa.Keys!;
        using (var skeyseed = IkeKeyDerivation.RekeySkeyseed(suite.Prf, old.SkD.Span, secret.Span, sa.NonceInitiator.Span, sa.NonceResponder.Span))
        {
            sa.Keys = IkeKeyDerivation.DeriveIkeSaKeys(suite.Prf, skeyseed.Span, sa.NonceInitiator.Span, sa.NonceResponder.Span, sa.InitiatorSpi, sa.ResponderSpi, suite.KeyLengths);
        }

        old.Dispose();
        sa.KemKeyPair?.Dispose();
        sa.KemKeyPair = null;
        sa.CompletedAdditionalKeyExchanges++;
        return null;
    }

    private static TaskResult Refuse(TaskContext context, string what, string reference)
    {
        context.Finding(-1, what, reference);
        return TaskResult.Fatal(NotifyMessageType.InvalidSyntax, what);
    }
}
