// The image decode worker's entry: messages only. Decoding a large DICOM (or a compressed one,
// whose codec is WebAssembly) can take hundreds of milliseconds; here it never blocks the page.
import * as Comlink from 'comlink';
import { setCodecPlatform } from '../io/dicom';
import { browserCodecPlatform } from '../io/dicom/codecs/browserCodecPlatform';
import type { ImageDecodeApi } from './imageDecodeProtocol';
import { decodeForTransfer, decodedTransferables } from './imageDecodeProtocol';

setCodecPlatform(browserCodecPlatform);

const api: ImageDecodeApi = {
  async decode(bytes, name) {
    const packed = await decodeForTransfer(bytes, name);
    return Comlink.transfer(packed, decodedTransferables(packed));
  },
};

Comlink.expose(api);
