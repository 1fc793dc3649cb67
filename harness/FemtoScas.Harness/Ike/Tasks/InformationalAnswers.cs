using System.Buffers.Binary;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// The answer to an INFORMATIONAL request, the same for both roles (RFC 7296 1.4): empty for a
/// liveness check, empty after an IKE SA delete, and a Delete of our own SPIs for deleted CHILD_SAs.
/// A Delete names the SPIs its sender receives on (1.4.1). AUTHENTICATION_FAILED after IKE_AUTH
/// (2.21.2) fails the SA, notified by the peer.
/// </summary>
internal static class InformationalAnswers
{
    public static List<IkePayload> Answer(TaskContext context, ReceivedMessage request)
    {
        var sa = context.Sa;
        var response = new List<IkePayload>();
        if (request.Notifies.FirstOrDefault(n => n.NotifyType == NotifyMessageType.AuthenticationFailed) is not null)
        {
            // 2.21.2: an initiator that cannot authenticate the responder may say so in a separate
            // INFORMATIONAL and drop the IKE SA (strongSwan does); from here the SA is gone.
            sa.Fail(NotifyMessageType.AuthenticationFailed, true, "the peer rejected our authentication (AUTHENTICATION_FAILED in INFORMATIONAL)");
            foreach (var c in sa.ChildSas)
            {
                c.Deleted = true;
            }

            return [];
        }

        foreach (var delete in request.Payloads.OfType<DeletePayload>())
        {
            if (delete.Protocol == IkeProtocolId.Ike)
            {
                // 1.4.1: deleting the IKE SA takes its CHILD_SAs; the answer is empty.
                sa.State = IkeSaState.Deleted;
                foreach (var c in sa.ChildSas)
                {
                    c.Deleted = true;
                }

                return [];
            }

            var ours = new List<uint>();
            foreach (var spi in delete.Spis.Where(s => s.Length == 4).Select(s => BinaryPrimitives.ReadUInt32BigEndian(s.Span)))
            {
                if (sa.ChildSas.FirstOrDefault(c => c.Spi(!sa.IsInitiator) == spi && !c.Deleted) is { } c)
                {
                    c.Deleted = true;
                    ours.Add(c.Spi(sa.IsInitiator));
                }
            }

            // 1.4.1: answer with the SPIs of our side of the same CHILD_SAs.
            if (ours.Count > 0)
            {
                response.Add(DeletePayload.ChildSas(delete.Protocol, [.. ours]));
            }
        }

        return response;
    }
}
