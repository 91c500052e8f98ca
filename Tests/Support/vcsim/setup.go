package main

// Optional start-up state for tests of changes (sfreconcile apply): VMs powered off,
// vCPU counts set, and snapshots taken with a back-dated creation time, so a test sees a
// stale snapshot (SNP-1) or a powered-off standby with the wrong CPU count (HWID-1)
// without any back door in sfreconcile itself. Applied through the vSphere API of the
// running simulator, except the snapshot's age, which only the simulator's object can
// take.

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// setup holds the -power-off, -cpu and -snapshot flags.
type setup struct {
	powerOff  string // NAME[,NAME…]
	cpus      string // NAME=COUNTxCORES[,…]
	snapshots string // NAME=SNAPSHOT@AGE[,…], AGE as Go durations (720h)
}

func (s setup) empty() bool { return s.powerOff == "" && s.cpus == "" && s.snapshots == "" }

func (s setup) apply(u *url.URL) error {
	ctx := context.Background()
	client, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		return fmt.Errorf("connecting to the simulator: %w", err)
	}
	defer client.Logout(ctx)
	finder := find.NewFinder(client.Client, true)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return err
	}
	finder.SetDatacenter(dc)
	vm := func(name string) (*object.VirtualMachine, error) { return finder.VirtualMachine(ctx, name) }
	wait := func(task *object.Task, err error) error {
		if err != nil {
			return err
		}
		return task.Wait(ctx)
	}
	for _, name := range list(s.powerOff) {
		machine, err := vm(name)
		if err != nil {
			return err
		}
		if err := wait(machine.PowerOff(ctx)); err != nil {
			return fmt.Errorf("power off %s: %w", name, err)
		}
	}
	for _, item := range list(s.cpus) {
		name, shape, ok := strings.Cut(item, "=")
		count, cores, ok2 := strings.Cut(shape, "x")
		n, err1 := strconv.Atoi(count)
		c, err2 := strconv.Atoi(cores)
		if !ok || !ok2 || err1 != nil || err2 != nil {
			return fmt.Errorf("-cpu %q: want NAME=COUNTxCORES", item)
		}
		machine, err := vm(name)
		if err != nil {
			return err
		}
		spec := types.VirtualMachineConfigSpec{NumCPUs: int32(n), NumCoresPerSocket: int32(c)}
		if err := wait(machine.Reconfigure(ctx, spec)); err != nil {
			return fmt.Errorf("reconfigure %s: %w", name, err)
		}
	}
	for _, item := range list(s.snapshots) {
		name, rest, ok := strings.Cut(item, "=")
		snapshot, age, ok2 := strings.Cut(rest, "@")
		duration, err := time.ParseDuration(age)
		if !ok || !ok2 || err != nil {
			return fmt.Errorf("-snapshot %q: want VM=SNAPSHOT@AGE", item)
		}
		machine, err := vm(name)
		if err != nil {
			return err
		}
		if err := wait(machine.CreateSnapshot(ctx, snapshot, "taken by the vcsim harness", false, false)); err != nil {
			return fmt.Errorf("snapshot %s of %s: %w", snapshot, name, err)
		}
		simulated := simulator.Map.Get(machine.Reference()).(*simulator.VirtualMachine)
		simulator.Map.WithLock(simulated, func() {
			if simulated.Snapshot != nil {
				backdate(simulated.Snapshot.RootSnapshotList, snapshot, time.Now().Add(-duration))
			}
		})
	}
	return nil
}

func backdate(trees []types.VirtualMachineSnapshotTree, name string, when time.Time) {
	for i := range trees {
		if trees[i].Name == name {
			trees[i].CreateTime = when
		}
		backdate(trees[i].ChildSnapshotList, name, when)
	}
}

func list(text string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(text, ",")
}
