package scenarios_test

import (
	"errors"
	"fmt"

	"github.com/parley-dev/parley/scenarios"
)

func ExampleParse() {
	const scenario = `scenario: lease-renewal
parties: {tenant: Tenant, landlord: Landlord}
parameters:
  rent: {triangular: [20, 25, 30]}
outcomes: {renew: Lease renewed, leave: Tenant leaves}
model:
  tree:
    move: tenant
    choices:
      stay: {outcome: renew, payoff: {tenant: -rent, landlord: rent}}
      leave: {outcome: leave, payoff: {tenant: -10, landlord: 0}}
`
	s, err := scenarios.Parse("lease.yaml", []byte(scenario), scenarios.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.ID, s.Form(), s.Slots())

	const broken = `scenario: lease-renewal
parties: {tenant: Tenant, landlord: Landlord}
parameters:
  rent: {triangular: [20, 25, 30]}
outcomes: {renew: Lease renewed, leave: Tenant leaves}
model:
  tree:
    move: tennant
    choices:
      stay: {outcome: renew, payoff: {tenant: -rnet, landlord: rent}}
      leave: {outcome: left, payoff: {tenant: -10, landlord: 0}}
`
	_, err = scenarios.Parse("broken.yaml", []byte(broken), scenarios.Options{})
	var list scenarios.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("line %d, column %d: %v\n", e.Line, e.Col, e.Err)
		}
	}
	// Output:
	// lease-renewal tree [rent]
	// line 8, column 11: unknown party "tennant"; did you mean "tenant"? (have landlord, tenant)
	// line 10, column 48: unknown name "rnet"; did you mean "rent"?
	// line 11, column 24: undefined outcome "left"; did you mean "leave"? (define it under outcomes:)
}
