/**
 * Resolves on the next macrotask: a worker's training loop awaits it so that messages (a "cancel")
 * get through; the page awaits it to split one long piece of work into tasks of their own.
 */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
