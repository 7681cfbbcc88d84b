// Decoder of the live view's binary frames (see ui/live/protocol.py for the layout):
// "NNLV", uint32 header length, JSON header, then 8-aligned little-endian arrays.
// decodeFrame(ArrayBuffer | Uint8Array) -> { header, arrays: { name: TypedArray + shape } }

const MAGIC = "NNLV";
const TYPES = { u1: Uint8Array, i4: Int32Array, f4: Float32Array, f8: Float64Array };
const decoder = new TextDecoder();

export function decodeFrame(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < 8) throw new Error("frame too short");
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) throw new Error("not a live-view frame");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(4, true);
  const start = 8 + headerSize;
  if (start > bytes.byteLength) throw new Error("bad header length");
  const header = JSON.parse(decoder.decode(bytes.subarray(8, start)));
  const arrays = {};
  for (const [name, entry] of Object.entries(header.arrays || {})) {
    const Type = TYPES[entry.dtype];
    if (!Type) throw new Error(`array ${name}: unknown dtype ${entry.dtype}`);
    const length = entry.shape.reduce((a, b) => a * b, 1);
    const begin = bytes.byteOffset + start + entry.offset;
    if (start + entry.offset + length * Type.BYTES_PER_ELEMENT > bytes.byteLength) {
      throw new Error(`array ${name}: runs past the end of the frame`);
    }
    // typed arrays need aligned offsets: copy when the frame itself sits unaligned
    const array = begin % Type.BYTES_PER_ELEMENT === 0
      ? new Type(bytes.buffer, begin, length)
      : new Type(bytes.slice(start + entry.offset, start + entry.offset + length * Type.BYTES_PER_ELEMENT).buffer);
    array.shape = entry.shape;
    arrays[name] = array;
  }
  delete header.arrays;
  return { header, arrays };
}

export function decodeBase64Frame(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decodeFrame(bytes);
}
