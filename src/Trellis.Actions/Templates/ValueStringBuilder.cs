using System.Buffers;

namespace Trellis.Actions.Templates;

/// <summary>
/// A growable character buffer on the stack that spills into a pooled array: one per expansion, so the
/// only allocation left is the final string.
/// </summary>
internal ref struct ValueStringBuilder
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public ValueStringBuilder(Span<char> initial)
    {
        _rented = null;
        _chars = initial;
        _length = 0;
    }

    /// <summary>Starts on a pooled array of at least <paramref name="capacity"/> characters.</summary>
    public ValueStringBuilder(int capacity)
    {
        _rented = ArrayPool<char>.Shared.Rent(capacity);
        _chars = _rented;
        _length = 0;
    }

    public readonly int Length => _length;

    /// <summary>The characters written since position <paramref name="start"/>.</summary>
    public readonly ReadOnlySpan<char> WrittenFrom(int start) => _chars[start.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (text.Length > _chars.Length - _length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    /// <summary>Reserves <paramref name="count"/> characters at the end and returns them for the caller to fill.</summary>
    public Span<char> AppendSpan(int count)
    {
        if (count > _chars.Length - _length)
        {
            Grow(count);
        }

        var span = _chars.Slice(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Gives back characters reserved by <see cref="AppendSpan"/> but not written.</summary>
    public void Shrink(int count) => _length -= count;

    public override string ToString()
    {
        var result = _chars[.._length].ToString();
        Dispose();
        return result;
    }

    public void Dispose()
    {
        var rented = _rented;
        this = default;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void Grow(int additional)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_length + additional, _chars.Length * 2));
        _chars[.._length].CopyTo(next);
        var old = _rented;
        _chars = _rented = next;
        if (old is not null)
        {
            ArrayPool<char>.Shared.Return(old);
        }
    }
}
