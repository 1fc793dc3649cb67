using System.Net;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// Configuration payload in IKE_AUTH (RFC 7296 2.19):
///   SK{..., CP(CFG_REQUEST: INTERNAL_IP4_ADDRESS), ...}  -->
///                 &lt;--  SK{..., CP(CFG_REPLY: INTERNAL_IP4_ADDRESS a.b.c.d, INTERNAL_IP4_NETMASK), ...}
/// </summary>
internal sealed class ConfigurationTask : IIkeTask
{
    private bool _requested;

    public void BuildRequest(TaskContext context, List<IkePayload> payloads)
    {
        if (context.Options is InitiatorOptions { RequestInternalAddress: true })
        {
            _requested = true;
            payloads.Add(new ConfigurationPayload(ConfigurationType.Request, [ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Address)]));
        }
    }

    public TaskResult ProcessRequest(TaskContext context, ReceivedMessage request)
    {
        var cp = request.Find<ConfigurationPayload>();
        if (cp is null || !cp.Attributes.Any(a => a.AttributeType == ConfigurationAttributeType.InternalIp4Address))
        {
            return TaskResult.Ok;
        }

        if (cp.CfgType != ConfigurationType.Request)
        {
            context.Finding(-1, $"CP of type {cp.CfgType} in an IKE_AUTH request; CFG_REQUEST expected", "RFC 7296 3.15");
        }

        _requested = true;
        var address = context.AllocateAddress?.Invoke();
        if (address is null)
        {
            return TaskResult.ChildFailed(NotifyMessageType.InternalAddressFailure, "address pool exhausted");
        }

        context.Sa.AssignedAddress = address;
        return TaskResult.Ok;
    }

    public void BuildResponse(TaskContext context, List<IkePayload> payloads)
    {
        if (_requested && context.Sa.AssignedAddress is { } address)
        {
            payloads.Add(new ConfigurationPayload(ConfigurationType.Reply,
            [
                ConfigurationAttribute.Address(ConfigurationAttributeType.InternalIp4Address, address),
                ConfigurationAttribute.Address(ConfigurationAttributeType.InternalIp4Netmask, IPAddress.Broadcast),
            ]));
        }
    }

    public TaskResult ProcessResponse(TaskContext context, ReceivedMessage response)
    {
        if (!_requested)
        {
            return TaskResult.Ok;
        }

        var cp = response.Find<ConfigurationPayload>();
        var attribute = cp?.Attributes.FirstOrDefault(a => a.AttributeType == ConfigurationAttributeType.InternalIp4Address && a.Value.Length == 4);
        if (cp is null || attribute is null)
        {
            // 2.19: a responder that cannot assign answers INTERNAL_ADDRESS_FAILURE; silence is not an answer.
            if (!response.Notifies.Any(n => n.NotifyType == NotifyMessageType.InternalAddressFailure))
            {
                context.Finding(-1, "CP(CFG_REQUEST) for INTERNAL_IP4_ADDRESS got neither an address nor INTERNAL_ADDRESS_FAILURE", "RFC 7296 2.19");
            }

            return TaskResult.Ok;
        }

        if (cp.CfgType != ConfigurationType.Reply)
        {
            context.Finding(-1, $"CP of type {cp.CfgType} in an IKE_AUTH response; CFG_REPLY expected", "RFC 7296 3.15");
        }

        context.Sa.AssignedAddress = new IPAddress(attribute.Value.Span);
        return TaskResult.Ok;
    }
}
