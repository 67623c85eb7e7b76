#!/usr/bin/perl
# A TCP proxy for tests that holds every chunk for a while before passing it on, in both
# directions: a slow network between salondesk and the server (RELIABILITY T17). While the file
# PORTFILE.pause exists it passes nothing at all, holding what arrives, as a network that went
# silent would (T15); removing the file lets it all through.
#   slowproxy.pl PORTFILE TARGET_PORT DELAY_SECONDS
# Listens on 127.0.0.1 on a free port, writes the port to PORTFILE, forwards each connection to
# 127.0.0.1:TARGET_PORT in a process of its own. Only perl-base modules are used.
use strict;
use warnings;
use IO::Select;
use IO::Socket::INET;

my ($portfile, $target, $delay) = @ARGV;
die "usage: slowproxy.pl PORTFILE TARGET_PORT DELAY_SECONDS\n" unless defined $delay;
my $server = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 16,
                                   ReuseAddr => 1) or die "slowproxy: listen: $!\n";
open(my $fh, '>', "$portfile.tmp") or die "slowproxy: $portfile: $!\n";
print $fh $server->sockport, "\n";
close $fh;
rename "$portfile.tmp", $portfile or die "slowproxy: $portfile: $!\n";
$SIG{CHLD} = 'IGNORE';

while (1) {
    my $client = $server->accept or next;
    my $pid = fork;
    next unless defined $pid;
    if ($pid) {
        close $client;
        next;
    }
    close $server;
    my $upstream = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $target)
        or exit 1;
    my $select = IO::Select->new($client, $upstream);
    while (1) {
        for my $from ($select->can_read) {
            my $to = $from == $client ? $upstream : $client;
            my $n = sysread($from, my $buf, 65536);
            exit 0 unless $n;
            select(undef, undef, undef, $delay);
            select(undef, undef, undef, 0.1) while -e "$portfile.pause";
            my $off = 0;
            while ($off < length $buf) {
                my $w = syswrite($to, $buf, length($buf) - $off, $off);
                exit 0 unless defined $w;
                $off += $w;
            }
        }
    }
}
