namespace LnRelay.Wire.Tests;

public sealed class TlvStreamTests
{
    [Fact]
    public void Writer_output_reads_back_with_offsets_and_unknown_odd_records()
    {
        var writer = new TlvWriter();
        writer.WriteTu64(2, 15000);
        writer.WriteTu32(4, 1500);
        writer.Write(513, new byte[300]);
        writer.Write(65537, [0xaa]);
        byte[] stream = writer.ToArray();

        var reader = new TlvReader(stream, [2, 4], baseOffset: 3);
        var seen = new List<(ulong Type, int Offset, bool Known, int Length)>();
        while (reader.TryRead(out TlvRecord record))
        {
            seen.Add((record.Type, record.Offset, record.IsKnown, record.Value.Length));
        }

        Assert.Null(reader.Failure);
        Assert.Equal(stream.Length, reader.Position);
        Assert.Equal(
            [(2UL, 3, true, 2), (4UL, 7, true, 2), (513UL, 11, false, 300), (65537UL, 11 + 3 + 3 + 300, false, 1)],
            seen);
    }

    [Fact]
    public void WriteAll_writes_records_in_type_order_whether_or_not_they_came_in_it()
    {
        TlvRecordData[] ordered = [new(1, [0x01]), new(3, [0x03, 0x03]), new(253, [0xfd])];
        var expected = Written(w => w.WriteAll(ordered));

        // A list out of order, and a sequence that is no list, are sorted first (BOLT 1: "MUST order tlv_records ... strictly increasing type").
        Assert.Equal(expected, Written(w => w.WriteAll([ordered[2], ordered[0], ordered[1]])));
        Assert.Equal(expected, Written(w => w.WriteAll(ordered.Reverse().Where(_ => true))));
        Assert.Equal(expected, Written(w => { w.Write(1, [0x01]); w.Write(3, [0x03, 0x03]); w.Write(253, [0xfd]); }));

        // Two records of one type are a caller bug however they come.
        Assert.Throws<InvalidOperationException>(() => new TlvWriter().WriteAll([ordered[0], ordered[0]]));
        Assert.Throws<InvalidOperationException>(() => new TlvWriter().WriteAll([ordered[1], ordered[0], ordered[1]]));
    }

    [Fact]
    public void Writer_refuses_non_increasing_types_as_a_caller_bug()
    {
        var writer = new TlvWriter();
        writer.Write(5, []);
        Assert.Throws<InvalidOperationException>(() => writer.Write(5, []));
        Assert.Throws<InvalidOperationException>(() => writer.Write(4, []));
    }

    [Fact]
    public void Writer_uses_minimal_bigsize_for_type_and_length()
    {
        var writer = new TlvWriter();
        writer.Write(253, new byte[253]);
        Assert.Equal("fd00fdfd00fd", Convert.ToHexStringLower(writer.WrittenSpan[..6]));
        Assert.Equal(TlvWriter.RecordSize(253, 253), writer.WrittenSpan.Length);
    }

    [Fact]
    public void Huge_length_is_refused_before_any_use()
    {
        // type 1, length 2^64-1, then one byte: must be a declared failure, not an allocation or overflow.
        byte[] stream = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
        var reader = new TlvReader(stream, []);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(new TlvFailure(TlvFailureReason.ValueTruncated, 1, 0), reader.Failure);
    }

    [Fact]
    public void Reader_stays_stopped_after_a_failure()
    {
        var reader = new TlvReader([0x02, 0x00, 0x03, 0x00], []);
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        Assert.Equal(TlvFailureReason.UnknownEvenType, reader.Failure!.Value.Reason);
    }

    [Fact]
    public void Record_data_keeps_a_copy_and_compares_by_value()
    {
        byte[] value = [1, 2, 3];
        var a = new TlvRecordData(7, value);
        value[0] = 9;
        Assert.Equal(new TlvRecordData(7, [1, 2, 3]), a);
        Assert.NotEqual(new TlvRecordData(9, [1, 2, 3]), a);
    }

    private static byte[] Written(Action<TlvWriter> write)
    {
        var writer = new TlvWriter();
        write(writer);
        return writer.ToArray();
    }
}
