using System.Text.Json;

namespace LnRelay.Node.Store;

/// <summary>The JSON the store keeps a payment in: the control API's shape (snake_case), so a row reads like GET /v1/payments/HASH.</summary>
internal static class StoreJson
{
    public static JsonSerializerOptions Options => Api.ApiJson.Options;
}
