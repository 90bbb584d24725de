<?php
// The sabre/vobject side of `npm run bench`'s peers section (bench/peers.ts runs it once per
// round, alternating with the engine on the same files). sabre/vobject's ITip Broker is the
// scheduling core of SabreDAV and Nextcloud: the same work as the engine's handlers, in PHP.
//
//   php bench/peers/sabre.php <shared folder> <manifest.json> request|reply|organise
//
// The manifest lists the inputs (iCalendar files the bench dumped from its corpus); every file is
// read into memory before the clock starts. Prints one JSON line: {"count": n, "ms": elapsed}.
declare(strict_types=1);

[$self, $shared, $manifestFile, $mode] = $argv + [null, null, null, null];
if (!$shared || !$manifestFile || !in_array($mode, ['request', 'reply', 'organise'], true)) {
    fwrite(STDERR, "usage: php sabre.php <shared folder> <manifest.json> request|reply|organise\n");
    exit(2);
}
require $shared.'/peers/autoload.php';

use Sabre\VObject\ITip\Broker;
use Sabre\VObject\ITip\Message;
use Sabre\VObject\Reader;

$manifest = json_decode((string) file_get_contents($manifestFile), true, 512, JSON_THROW_ON_ERROR);
$base = dirname($manifestFile);
$inputs = [];
foreach ($manifest[$mode] as $item) {
    $item['text'] = (string) file_get_contents($base.'/'.$item['file']);
    if (isset($item['existing'])) {
        $item['existingText'] = (string) file_get_contents($base.'/'.$item['existing']);
    }
    $inputs[] = $item;
}

$broker = new Broker();
$count = 0;
$t0 = hrtime(true);
foreach ($inputs as $item) {
    if ('organise' === $mode) {
        // The organiser's new event: the invitations it sends, serialised as they go out.
        foreach ($broker->parseEvent(Reader::read($item['text']), 'mailto:'.$item['user']) as $out) {
            $out->message->serialize();
        }
        ++$count;
        continue;
    }
    $vcal = Reader::read($item['text']);
    $msg = new Message();
    $msg->message = $vcal;
    $msg->method = strtoupper($mode);
    $msg->component = 'VEVENT';
    $msg->uid = (string) $vcal->VEVENT->UID;
    $msg->sequence = isset($vcal->VEVENT->SEQUENCE) ? (int) (string) $vcal->VEVENT->SEQUENCE : 0;
    $msg->sender = 'mailto:'.$item['sender'];
    $msg->recipient = 'mailto:'.$item['recipient'];
    // A REPLY is applied to the organiser's stored copy, read afresh as the engine reads its own.
    $existing = isset($item['existingText']) ? Reader::read($item['existingText']) : null;
    $result = $broker->processMessage($msg, $existing);
    // The new state is what a server stores: serialised, as the engine serialises its copy.
    if ($result) {
        $result->serialize();
    }
    ++$count;
}
$ms = (hrtime(true) - $t0) / 1e6;
echo json_encode(['count' => $count, 'ms' => $ms]), "\n";
