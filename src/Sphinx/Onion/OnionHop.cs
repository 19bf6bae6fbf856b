using LnRelay.Crypto;

namespace LnRelay.Sphinx.Onion;

/// <summary>
/// One hop of a route as the origin builds it: the node's id and its payload, an
/// already-encoded TLV stream (BOLT 4 "<c>payload</c> format") WITHOUT the BigSize
/// length prefix, which <see cref="OnionBuilder"/> adds.
/// </summary>
public readonly record struct OnionHop(PublicKey NodeId, ReadOnlyMemory<byte> Payload);
